package org.seqlab.ui.panels.inspector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TensorStats;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.check.GradCheck;
import org.seqlab.autograd.ops.F;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspector's state for the event under the cursor: what it is, its value (or the chosen saved
 * intermediate) as a matrix, its statistics, histogram and first values, and on a backward event the forward
 * value of the same tensor beside the gradient, all read and prepared on the task executor and shown on the FX
 * thread ({@link #preparingProperty()} meanwhile). "Check gradient" re-runs the op on its recorded inputs under
 * {@link GradCheck} on the task executor. Holds no node; tested without a stage.
 */
public final class InspectorViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(InspectorViewModel.class);

    /** Rows the values table shows at most. */
    public static final int TABLE_ROWS = 200;
    /** Bars of the histogram. */
    public static final int BINS = 20;

    /** The ops "check gradient" can re-run: those whose result depends on their inputs alone. */
    private static final Map<String, Function<List<Tensor>, Tensor>> RERUNNABLE = Map.of(
            "add", in -> F.add(in.get(0), in.get(1)),
            "sub", in -> F.sub(in.get(0), in.get(1)),
            "mul", in -> F.mul(in.get(0), in.get(1)),
            "matmul", in -> F.matmul(in.get(0), in.get(1)),
            "matmul_wt", in -> F.matmulWt(in.get(0), in.get(1)),
            "tanh", in -> F.tanh(in.get(0)),
            "sigmoid", in -> F.sigmoid(in.get(0)),
            "relu", in -> F.relu(in.get(0)),
            "exp", in -> F.exp(in.get(0)));

    /** One line of the values table. */
    public record ValueRow(String index, double value) {
    }

    private final I18n i18n;
    private final TaskExecutor executor;
    private Trace trace;
    private Map<String, Tensor> parameters = Map.of();
    private List<String> tokens = List.of();

    private final ReadOnlyObjectWrapper<TraceEvent> event = new ReadOnlyObjectWrapper<>(this, "event");
    private final ObservableList<String> intermediates = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedIntermediate = new SimpleObjectProperty<>(this, "intermediate");
    private final IntegerProperty leadingIndex = new SimpleIntegerProperty(this, "leadingIndex", 0);
    private final ReadOnlyIntegerWrapper leadingCount = new ReadOnlyIntegerWrapper(this, "leadingCount", 0);
    private final ReadOnlyObjectWrapper<Matrix> matrix = new ReadOnlyObjectWrapper<>(this, "matrix");
    private final ReadOnlyObjectWrapper<Matrix> forwardMatrix = new ReadOnlyObjectWrapper<>(this, "forwardMatrix");
    private final ReadOnlyObjectWrapper<TensorStats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final ReadOnlyObjectWrapper<int[]> histogram = new ReadOnlyObjectWrapper<>(this, "histogram", new int[0]);
    private final ReadOnlyObjectWrapper<double[]> histogramRange =
            new ReadOnlyObjectWrapper<>(this, "histogramRange", new double[] {0, 0});
    private final ObservableList<ValueRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper gradCheckAvailable = new ReadOnlyBooleanWrapper(this, "gradCheckAvailable");
    private final ReadOnlyStringWrapper gradCheckReason = new ReadOnlyStringWrapper(this, "gradCheckReason", "");
    private final ReadOnlyStringWrapper gradCheckResult = new ReadOnlyStringWrapper(this, "gradCheckResult", "");
    private List<Tensor> checkInputs = List.of();
    private final ReadOnlyBooleanWrapper preparing = new ReadOnlyBooleanWrapper(this, "preparing", false);
    private boolean pending;   // a preparation is on the executor
    private boolean again;     // asked for another while it was

    public InspectorViewModel(I18n i18n, TaskExecutor executor) {
        this.i18n = Objects.requireNonNull(i18n);
        this.executor = Objects.requireNonNull(executor);
        selectedIntermediate.addListener((obs, o, n) -> {
            leadingIndex.set(0);
            update();
        });
        leadingIndex.addListener((obs, o, n) -> update());
        i18n.languageProperty().addListener((obs, o, n) -> prepareGradCheck(event.get())); // reason in the new language
    }

    /** The recording the events come from: its trace, its parameters (by id, for "check gradient") and tokens. */
    public void setContext(Trace trace, Map<String, Tensor> parameters, List<String> tokens) {
        this.trace = trace;
        this.parameters = parameters == null ? Map.of() : parameters;
        this.tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** Shows {@code e} (null: nothing). */
    public void setEvent(TraceEvent e) {
        event.set(e);
        gradCheckResult.set("");
        intermediates.setAll(e == null ? List.of() : new ArrayList<>(e.saved().keySet()));
        if (selectedIntermediate.get() != null) {
            selectedIntermediate.set(null); // updates through the listener
        } else {
            leadingIndex.set(0);
            update();
        }
        prepareGradCheck(e);
    }

    /** True while the numbers of the value asked for are being prepared in the background. */
    public ReadOnlyBooleanProperty preparingProperty() {
        return preparing.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TraceEvent> eventProperty() {
        return event.getReadOnlyProperty();
    }

    public ObservableList<String> intermediates() {
        return intermediates;
    }

    /** The saved intermediate shown instead of the output value; null shows the output. */
    public ObjectProperty<String> selectedIntermediateProperty() {
        return selectedIntermediate;
    }

    /** For a value of rank ≥ 3: which leading slice the heatmap shows. */
    public IntegerProperty leadingIndexProperty() {
        return leadingIndex;
    }

    /** How many leading slices there are (0 when the value has rank < 3). */
    public ReadOnlyIntegerProperty leadingCountProperty() {
        return leadingCount.getReadOnlyProperty();
    }

    /** The shown value: forward output, backward gradient dL/d(output), or the chosen intermediate. */
    public ReadOnlyObjectProperty<Matrix> matrixProperty() {
        return matrix.getReadOnlyProperty();
    }

    /** On a backward event, the forward value of the same tensor; null otherwise. */
    public ReadOnlyObjectProperty<Matrix> forwardMatrixProperty() {
        return forwardMatrix.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TensorStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** Counts of the finite values in {@link #BINS} equal bins over [min, max]. */
    public ReadOnlyObjectProperty<int[]> histogramProperty() {
        return histogram.getReadOnlyProperty();
    }

    /** {min, max} of the histogram's bins. */
    public ReadOnlyObjectProperty<double[]> histogramRangeProperty() {
        return histogramRange.getReadOnlyProperty();
    }

    /** The first {@link #TABLE_ROWS} values, with their indices. */
    public ObservableList<ValueRow> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty gradCheckAvailableProperty() {
        return gradCheckAvailable.getReadOnlyProperty();
    }

    /** Why "check gradient" is not available, or empty. */
    public ReadOnlyStringProperty gradCheckReasonProperty() {
        return gradCheckReason.getReadOnlyProperty();
    }

    /** The result of the last check, or empty. */
    public ReadOnlyStringProperty gradCheckResultProperty() {
        return gradCheckResult.getReadOnlyProperty();
    }

    /** "op sigmoid · [1, 8] → [1, 8]". */
    public String headerText() {
        TraceEvent e = event.get();
        if (e == null) {
            return i18n.get("inspector.none");
        }
        String ins = e.inputShapes().stream().map(Shape::toString).reduce((a, b) -> a + ", " + b).orElse("");
        return i18n.format("inspector.header", e.op(), ins, e.outputShape());
    }

    /** What the main heatmap shows, in words. */
    public String valueTitle() {
        TraceEvent e = event.get();
        if (e == null) {
            return "";
        }
        if (selectedIntermediate.get() != null) {
            return i18n.format("inspector.value.intermediate", selectedIntermediate.get());
        }
        return i18n.get(e.phase() == Phase.FORWARD ? "inspector.value.forward" : "inspector.value.gradient");
    }

    /** Runs {@link GradCheck} on this op with its recorded inputs, on the executor. */
    public void checkGradient() {
        TraceEvent e = event.get();
        if (e == null || !gradCheckAvailable.get()) {
            return;
        }
        Function<List<Tensor>, Tensor> f = RERUNNABLE.get(e.op());
        List<Tensor> inputs = checkInputs;
        gradCheckResult.set(i18n.get("inspector.gradcheck.running"));
        executor.submit(() -> {
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor t : inputs) {
                leaves.add(t.dtype().isFloating() ? t.to(DType.FLOAT64).requiresGrad(true) : t);
            }
            return GradCheck.check(e.op(), f, leaves);
        }, result -> {
            if (event.get() == e) {
                gradCheckResult.set(i18n.format(result.passed() ? "inspector.gradcheck.passed"
                        : "inspector.gradcheck.failed", String.format("%.2e", result.maxRelError())));
            }
        }, failure -> {
            if (event.get() == e) {
                gradCheckResult.set(i18n.format("inspector.gradcheck.error", String.valueOf(failure.getMessage())));
            }
        });
    }

    private void prepareGradCheck(TraceEvent e) {
        checkInputs = List.of();
        if (e == null) {
            gradCheckAvailable.set(false);
            gradCheckReason.set("");
            return;
        }
        if (!RERUNNABLE.containsKey(e.op())) {
            gradCheckAvailable.set(false);
            gradCheckReason.set(i18n.format("inspector.gradcheck.unsupported", e.op()));
            return;
        }
        List<Tensor> inputs = new ArrayList<>();
        for (long id : e.inputIds()) {
            Tensor t = tensorById(id);
            if (t == null) {
                gradCheckAvailable.set(false);
                gradCheckReason.set(i18n.format("inspector.gradcheck.missingInput", String.valueOf(id)));
                return;
            }
            inputs.add(t);
        }
        checkInputs = List.copyOf(inputs);
        gradCheckAvailable.set(true);
        gradCheckReason.set(i18n.get("inspector.gradcheck.tooltip"));
    }

    /** The value of the tensor with that id: a forward event's output or a parameter; null if neither. */
    private Tensor tensorById(long id) {
        if (trace != null) {
            for (TraceEvent f : trace.phase(Phase.FORWARD)) {
                if (f.outputId() == id && f.value() != null) {
                    return f.value();
                }
            }
        }
        for (Tensor p : parameters.values()) {
            if (p.id() == id) {
                return p;
            }
        }
        return null;
    }

    private static TraceEvent forwardOf(Trace trace, TraceEvent e) {
        if (trace == null || e.phase() != Phase.BACKWARD) {
            return null;
        }
        for (TraceEvent f : trace.phase(Phase.FORWARD)) {
            if (f.outputId() == e.outputId()) {
                return f;
            }
        }
        return null;
    }

    /**
     * Shows what the event, intermediate and leading index now ask for: the numbers (reading the tensor, its
     * statistics, histogram and first values, the forward value beside a gradient) are prepared on the executor,
     * never on the FX thread. While one preparation runs, later requests fold into one that follows it.
     */
    private void update() {
        if (pending) {
            again = true;
            return;
        }
        TraceEvent e = event.get();
        Tensor value = null;
        String name = selectedIntermediate.get();
        if (e != null) {
            value = name != null && e.saved().containsKey(name) ? e.saved().get(name) : e.value();
        }
        if (value == null || !value.dtype().isFloating() && value.numel() == 0) {
            apply(Shown.NOTHING);
            return;
        }
        Tensor shownValue = value;
        Trace t = trace;
        List<String> toks = tokens;
        int wanted = leadingIndex.get();
        boolean withForward = name == null;
        pending = true;
        preparing.set(true);
        executor.submit(() -> prepare(e, shownValue, withForward, t, toks, wanted), this::finished, failure -> {
            LOG.warn("The inspector could not read {}", e.label(), failure);
            finished(Shown.NOTHING);
        });
    }

    private void finished(Shown shown) {
        pending = false;
        apply(shown);
        if (again) {
            again = false;
            update();
        } else {
            preparing.set(false);
        }
    }

    /** What the inspector shows of one value, prepared in the background. */
    private record Shown(Matrix matrix, Matrix forward, TensorStats stats, int[] histogram, double[] range,
                         List<ValueRow> rows, int leadingCount) {
        static final Shown NOTHING = new Shown(null, null, null, new int[0], new double[] {0, 0}, List.of(), 0);
    }

    /** Reads {@code value} (on the executor) into everything the inspector shows of it. */
    private static Shown prepare(TraceEvent e, Tensor value, boolean withForward, Trace trace, List<String> tokens,
            int wantedLead) {
        double[] v = value.toDoubleArray();
        long[] shape = value.shape().toArray();
        int leadingCount = shape.length >= 3 ? (int) (v.length / (shape[shape.length - 1] * shape[shape.length - 2]))
                : 0;
        int lead = Math.max(0, Math.min(wantedLead, Math.max(0, leadingCount - 1)));
        Matrix matrix = toMatrix(v, shape, lead, tokens);
        TraceEvent fwd = withForward ? forwardOf(trace, e) : null;
        Matrix forward = null;
        if (fwd != null && fwd.value() != null) {
            Tensor fv = fwd.value();
            forward = toMatrix(fv.toDoubleArray(), fv.shape().toArray(), lead, tokens);
        }
        List<ValueRow> r = new ArrayList<>();
        for (int i = 0; i < Math.min(TABLE_ROWS, v.length); i++) {
            r.add(new ValueRow(indexText(i, shape), v[i]));
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        int[] counts = new int[BINS];
        double[] range = {0, 0};
        if (lo <= hi) {
            double width = hi > lo ? (hi - lo) / BINS : 1;
            for (double x : v) {
                if (Double.isFinite(x)) {
                    counts[Math.min(BINS - 1, (int) ((x - lo) / width))]++;
                }
            }
            range = new double[] {lo, hi};
        }
        return new Shown(matrix, forward, TensorStats.of(v), counts, range, List.copyOf(r), leadingCount);
    }

    private void apply(Shown shown) {
        leadingCount.set(shown.leadingCount());
        matrix.set(shown.matrix());
        forwardMatrix.set(shown.forward());
        stats.set(shown.stats());
        histogramRange.set(shown.range());
        histogram.set(shown.histogram());
        rows.setAll(shown.rows());
    }

    /** Rank 0 and 1: one row; rank 2: as is; rank ≥ 3: slice {@code lead} of the flattened leading dims. */
    static Matrix toMatrix(double[] v, long[] shape, int lead, List<String> tokens) {
        if (shape.length <= 1) {
            int n = v.length;
            return new Matrix(1, n, v, List.of(), labels(n, tokens));
        }
        int rows = (int) shape[shape.length - 2];
        int cols = (int) shape[shape.length - 1];
        int start = lead * rows * cols;
        double[] slice = Arrays.copyOfRange(v, start, start + rows * cols);
        return new Matrix(rows, cols, slice, labels(rows, tokens), labels(cols, tokens));
    }

    private static List<String> labels(int n, List<String> tokens) {
        return n > 1 && n == tokens.size() ? tokens : List.of();
    }

    private static String indexText(int flat, long[] shape) {
        if (shape.length == 0) {
            return "[]";
        }
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Arrays.toString(idx);
    }
}
