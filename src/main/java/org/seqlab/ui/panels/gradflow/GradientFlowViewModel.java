package org.seqlab.ui.panels.gradflow;

import org.seqlab.ui.viz.Csv;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.GradientFlow;
import org.seqlab.debug.GradientFlow.Clipping;
import org.seqlab.debug.GradientFlow.Reading;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.viz.ValueFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gradient-flow panel's state, without nodes: what {@link #load} prepared from a session's
 * {@link GradientFlow} (on the executor), the clipping threshold and whether clipping is on, the clipping
 * that follows from them, the reading and the clipping summary in the current language, and the time step of
 * the cursor when it is on a recurrent layer's event.
 */
public final class GradientFlowViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(GradientFlowViewModel.class);
    private static final Pattern TIME_STEP = Pattern.compile("t(\\d+)");

    /** The default clipping threshold (a common {@code max_norm}). */
    public static final double DEFAULT_THRESHOLD = 1.0;

    /**
     * One recurrent layer and direction's |dL/dh_t|, ready to draw.
     *
     * @param steps the time steps, ascending
     * @param norms |dL/dh_t| at each
     */
    public record StepNorms(String name, int[] steps, double[] norms) {
        public StepNorms {
            steps = steps.clone();
            norms = norms.clone();
        }

        @Override
        public int[] steps() {
            return steps.clone();
        }

        @Override
        public double[] norms() {
            return norms.clone();
        }
    }

    /**
     * What the panel shows of one recording.
     *
     * @param flow       the session's gradient flow
     * @param series     its series as arrays, in its order
     * @param stepLabels the input tokens when there is one per time step, else empty
     */
    public record Prepared(GradientFlow flow, List<StepNorms> series, List<String> stepLabels) {
        public Prepared {
            series = List.copyOf(series);
            stepLabels = List.copyOf(stepLabels);
        }

        /** Whether some series runs over two or more time steps. */
        public boolean hasRecurrence() {
            return series.stream().anyMatch(s -> s.steps().length >= 2);
        }
    }

    private final I18n i18n;
    private final TaskExecutor executor;
    private final ReadOnlyObjectWrapper<Prepared> prepared = new ReadOnlyObjectWrapper<>(this, "prepared");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", DEFAULT_THRESHOLD);
    private final BooleanProperty clippingOn = new SimpleBooleanProperty(this, "clippingOn", true);
    private final ReadOnlyObjectWrapper<Clipping> clipping = new ReadOnlyObjectWrapper<>(this, "clipping");
    private final ReadOnlyStringWrapper reading = new ReadOnlyStringWrapper(this, "reading", "");
    private final ReadOnlyStringWrapper clipSummary = new ReadOnlyStringWrapper(this, "clipSummary", "");
    private final ReadOnlyIntegerWrapper cursorStep = new ReadOnlyIntegerWrapper(this, "cursorStep", -1);
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private Cursor cursor;
    private long generation;

    public GradientFlowViewModel(I18n i18n, TaskExecutor executor) {
        this.i18n = Objects.requireNonNull(i18n, "i18n");
        this.executor = Objects.requireNonNull(executor, "executor");
        threshold.addListener(obs -> updateClipping());
        clippingOn.addListener(obs -> updateClipping());
        prepared.addListener(obs -> {
            updateClipping();
            updateCursorStep();
        });
        i18n.languageProperty().addListener(obs -> updateTexts());
        updateTexts();
    }

    /**
     * Prepares the numbers of {@code session}'s current recording on the executor ({@code null}: nothing to
     * show). {@code tokens} label the time steps when there is one per step. A result that arrives after a
     * later call is dropped.
     */
    public void load(DebugSession session, List<String> tokens) {
        long mine = ++generation;
        if (session == null || session.recording() == null) {
            available.set(false);
            prepared.set(null);
            return;
        }
        available.set(session.recording().loss() != null);
        GradientFlow flow = session.gradientFlow();
        List<String> labels = tokens == null ? List.of() : List.copyOf(tokens);
        executor.submit(() -> prepare(flow, labels), result -> {
            if (mine == generation) {
                error.set("");
                prepared.set(result);
            }
        }, failure -> {
            if (mine == generation) {
                LOG.warn("Could not prepare the gradient flow", failure);
                error.set(i18n.format("gradflow.error", String.valueOf(failure.getMessage())));
                prepared.set(null);
            }
        });
    }

    /** Turns a gradient flow into arrays to draw (runs on the executor). */
    static Prepared prepare(GradientFlow flow, List<String> tokens) {
        List<StepNorms> series = new ArrayList<>();
        int steps = 0;
        for (GradientFlow.Series s : flow.series()) {
            int n = s.steps().size();
            int[] t = new int[n];
            double[] norms = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = s.steps().get(i).t();
                norms[i] = s.steps().get(i).norm();
                steps = Math.max(steps, t[i] + 1);
            }
            series.add(new StepNorms(s.name(), t, norms));
        }
        return new Prepared(flow, series, tokens.size() == steps && steps > 0 ? tokens : List.of());
    }

    /** Follows the debugger's cursor: the marker goes to its time step when it is on a recurrent layer's event. */
    public void setCursor(Cursor cursor) {
        this.cursor = cursor;
        updateCursorStep();
    }

    /**
     * The time step of a label when it is inside a recurrent series: its deepest {@code t<digits>} part, when
     * the parts before it are a series's name or a prefix of one ({@code rnn/l0/t3/forget_gate} is step 3 of
     * {@code rnn/l0}; {@code decoder/t2/attn/score} step 2 of {@code decoder/cell}); else -1.
     */
    static int stepOf(String label, List<String> seriesNames) {
        String[] parts = label.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (TIME_STEP.matcher(parts[i]).matches()) {
                String before = String.join("/", List.of(parts).subList(0, i));
                for (String name : seriesNames) {
                    if (name.equals(before) || name.startsWith(before + "/")) {
                        return Integer.parseInt(parts[i].substring(1));
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    private void updateCursorStep() {
        Prepared p = prepared.get();
        if (p == null || cursor == null) {
            cursorStep.set(-1);
            return;
        }
        cursorStep.set(stepOf(cursor.label(), p.series().stream().map(StepNorms::name).toList()));
    }

    private void updateClipping() {
        Prepared p = prepared.get();
        double max = threshold.get();
        if (p == null || !clippingOn.get() || !(max > 0) || !Double.isFinite(max)) {
            clipping.set(null);
        } else {
            clipping.set(p.flow().clip(max));
        }
        updateTexts();
    }

    private void updateTexts() {
        Prepared p = prepared.get();
        if (p == null) {
            reading.set(error.get().isEmpty() ? i18n.get("gradflow.none") : error.get());
            clipSummary.set("");
            return;
        }
        reading.set(readingText(i18n, p.flow().reading()));
        Clipping c = clipping.get();
        String global = ValueFormat.compact(p.flow().globalNorm());
        if (c == null) {
            clipSummary.set(i18n.format("gradflow.clip.off", global));
        } else if (c.clipped()) {
            clipSummary.set(i18n.format("gradflow.clip.clipped", global, ValueFormat.compact(c.postNorm()),
                    ValueFormat.compact(c.scale()), ValueFormat.compact(c.maxNorm())));
        } else {
            clipSummary.set(i18n.format("gradflow.clip.notClipped", global, ValueFormat.compact(c.maxNorm())));
        }
    }

    /** The reading as a sentence in {@code i18n}'s language, built from its fields (not its English text). */
    public static String readingText(I18n i18n, Reading r) {
        return switch (r.verdict()) {
            case VANISHING, EXPLODING, HEALTHY -> i18n.format("gradflow.reading.ratio", r.series(),
                    Integer.toString(r.firstT()), ValueFormat.compact(r.ratio()), Integer.toString(r.lastT()),
                    i18n.get(switch (r.verdict()) {
                        case VANISHING -> "gradflow.verdict.vanishing";
                        case EXPLODING -> "gradflow.verdict.exploding";
                        default -> "gradflow.verdict.healthy";
                    }));
            case NON_FINITE -> i18n.format("gradflow.reading.nonFinite", r.series(), Integer.toString(r.lastT()));
            case NO_GRADIENT -> i18n.format("gradflow.reading.noGradient", r.series());
            case NO_RECURRENCE -> i18n.get("gradflow.reading.noRecurrence");
        };
    }

    /**
     * The numbers the figure shows: {@code series,t,norm} rows, then {@code parameter,pre,post} rows (the
     * global norm first, as {@code (global norm)}; post equals pre when clipping is off); empty without data.
     */
    public String csv() {
        Prepared p = prepared.get();
        if (p == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("series,t,norm\n");
        for (StepNorms s : p.series()) {
            for (int i = 0; i < s.steps.length; i++) {
                out.append(Csv.field(s.name())).append(',').append(s.steps[i]).append(',')
                        .append(ValueFormat.exact(s.norms[i])).append('\n');
            }
        }
        out.append("parameter,pre,post\n");
        Clipping c = clipping.get();
        double scale = c == null ? 1 : c.scale();
        out.append("(global norm),").append(ValueFormat.exact(p.flow().globalNorm())).append(',')
                .append(ValueFormat.exact(c == null ? p.flow().globalNorm() : c.postNorm())).append('\n');
        for (GradientFlow.ParameterNorm n : p.flow().parameters()) {
            out.append(Csv.field(n.name())).append(',').append(ValueFormat.exact(n.norm())).append(',')
                    .append(ValueFormat.exact(c == null ? n.norm() : n.norm() * scale)).append('\n');
        }
        return out.toString();
    }


    public ReadOnlyObjectProperty<Prepared> preparedProperty() {
        return prepared.getReadOnlyProperty();
    }

    /** The clipping threshold (max norm); values of 0 or below, or not finite, leave clipping off. */
    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    public BooleanProperty clippingOnProperty() {
        return clippingOn;
    }

    /** Clipping at the threshold, or {@code null} when it is off or there is no data. */
    public ReadOnlyObjectProperty<Clipping> clippingProperty() {
        return clipping.getReadOnlyProperty();
    }

    /** The one-line reading in the current language. */
    public ReadOnlyStringProperty readingProperty() {
        return reading.getReadOnlyProperty();
    }

    /** The global norm before → after, and whether and by how much it was clipped. */
    public ReadOnlyStringProperty clipSummaryProperty() {
        return clipSummary.getReadOnlyProperty();
    }

    /** The cursor's time step when it is on a recurrent layer's event, else -1. */
    public ReadOnlyIntegerProperty cursorStepProperty() {
        return cursorStep.getReadOnlyProperty();
    }

    /** Whether the recording has a loss and so a backward pass to show. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Why the numbers could not be prepared, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
