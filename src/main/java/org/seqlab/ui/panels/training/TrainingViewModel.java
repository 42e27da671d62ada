package org.seqlab.ui.panels.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.seqlab.lesson.Experiment;
import org.seqlab.lesson.ExperimentOptions;
import org.seqlab.lesson.Experiments;
import org.seqlab.lesson.Prepared;
import org.seqlab.lesson.RunDirectory;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainingEvent;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.Failures;
import org.seqlab.ui.viz.AxisScale;
import org.seqlab.ui.viz.SeriesChartData;
import org.seqlab.ui.viz.ValueFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training dashboard's state: which experiment, how many steps, and the run: prepared and trained on the
 * task executor in slices of about {@link #SLICE_MILLIS} ms ({@link Trainer#runSlice}), so that the debugger's
 * recordings still get the executor's one worker between two slices and the FX thread takes one batch of events
 * per slice, never one per step. Pause, one step, resume and stop act between two steps. Holds no node: the
 * loss and gradient-norm charts are {@link SeriesChartData} built on the FX thread from the events of a slice.
 *
 * <p>Everything public is called on the FX thread (or the thread of a {@link
 * org.seqlab.ui.fx.SameThreadTaskExecutor} in tests).
 */
public final class TrainingViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingViewModel.class);

    /** How long one slice of training runs before its events go to the FX thread. */
    public static final long SLICE_MILLIS = 100;
    /**
     * The smoothed loss at a step is the mean of the losses within this share of the run so far on either side
     * of it (a centred window, so the curve does not lag behind a falling loss; near the newest step the window
     * holds what there is).
     */
    static final double SMOOTHING_SHARE = 0.01;
    /** The most points a chart series gets (a long run is cut down for drawing; its CSV keeps every step). */
    static final int DRAWN_POINTS = 4000;
    /** How many recent steps the speed and the time left are taken from. */
    private static final int RECENT = 20;

    /** Where the dashboard is. */
    public enum Phase { IDLE, PREPARING, RUNNING, PAUSED, FINISHED, STOPPED, FAILED;

        /** Whether a run is under way (paused included): the experiment and steps cannot change. */
        public boolean active() {
            return this == PREPARING || this == RUNNING || this == PAUSED;
        }
    }

    private final I18n i18n;
    private final TaskExecutor executor;
    private final ObjectProperty<Experiment> experiment = new SimpleObjectProperty<>(this, "experiment");
    private final LongProperty steps = new SimpleLongProperty(this, "steps");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper about = new ReadOnlyStringWrapper(this, "about", "");
    private final ReadOnlyStringWrapper heldOut = new ReadOnlyStringWrapper(this, "heldOut", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper failed =
            new ReadOnlyBooleanWrapper(this, "failed", false);
    private final ReadOnlyObjectWrapper<SeriesChartData> loss = new ReadOnlyObjectWrapper<>(this, "loss");
    private final ReadOnlyObjectWrapper<SeriesChartData> norms = new ReadOnlyObjectWrapper<>(this, "norms");

    private Run run;                 // the current (or last) run; null before the first
    private boolean sliceQueued;     // a slice is submitted and has not reported yet
    private boolean submitting;      // inside executor.submit (a same-thread executor reports from in there)
    private boolean resubmit;        // a slice reported while submitting: submit the next after it returns

    public TrainingViewModel(I18n i18n, TaskExecutor executor) {
        this.i18n = Objects.requireNonNull(i18n);
        this.executor = Objects.requireNonNull(executor);
        experiment.addListener((obs, o, e) -> {
            if (e != null && !phase.get().active()) {
                steps.set(e.defaultSteps());
                phase.set(Phase.IDLE);
                progress.set(0);
                run = null;
                say("", false);
                refresh();
            }
        });
        i18n.languageProperty().addListener(obs -> refresh());
        experiment.set(Experiments.all().get(0));
    }

    /** The experiments a run can train, in curriculum order. */
    public List<Experiment> experiments() {
        return Experiments.all();
    }

    /** The experiment the next run trains. */
    public ObjectProperty<Experiment> experimentProperty() {
        return experiment;
    }

    /** The next run's length in optimizer steps (the experiment's default when it is chosen). */
    public LongProperty stepsProperty() {
        return steps;
    }

    /** Chooses the first experiment that trains {@code template}, if one does, when no run is under way. */
    public void followModel(String template) {
        if (phase.get().active() || template == null) {
            return;
        }
        experiments().stream().filter(e -> e.template().equals(template)).findFirst().ifPresent(experiment::set);
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The share of the run's steps done, 0 … 1; −1 (indeterminate) while the run is being prepared. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** One line: where the run is (step, loss, speed, learning rate, time left) or what to do. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The model and data of the run (template, parameters, data summary); empty before one is prepared. */
    public ReadOnlyStringProperty aboutProperty() {
        return about.getReadOnlyProperty();
    }

    /** The latest held-out figures, one line; empty before the first evaluation. */
    public ReadOnlyStringProperty heldOutProperty() {
        return heldOut.getReadOnlyProperty();
    }

    /** Why the last action failed (preparing, training, saving) or where a checkpoint went; empty when all is well. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether {@link #messageProperty()} says what failed (rather than where a checkpoint went). */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** Training loss per step, its smoothed curve and the held-out loss at each evaluation; null before a run. */
    public ReadOnlyObjectProperty<SeriesChartData> lossProperty() {
        return loss.getReadOnlyProperty();
    }

    /** The global gradient norm per step before and after clipping (log scale); null before a run. */
    public ReadOnlyObjectProperty<SeriesChartData> normsProperty() {
        return norms.getReadOnlyProperty();
    }

    /** Prepares the chosen experiment (its generated data, the model) in the background, then trains it. */
    public void start() {
        if (phase.get().active()) {
            return;
        }
        Experiment e = Objects.requireNonNull(experiment.get(), "experiment");
        long n = steps.get() > 0 ? steps.get() : e.defaultSteps();
        ExperimentOptions options = ExperimentOptions.defaults().withSteps(n);
        Run next = new Run(e);
        run = next;
        say("", false);
        heldOut.set("");
        about.set("");
        loss.set(null);
        norms.set(null);
        phase.set(Phase.PREPARING);
        progress.set(-1);
        refresh();
        executor.submit(() -> {
            Prepared p = e.prepare(options);
            Trainer t = new Trainer(p.task(), p.optimizer(), p.config());
            t.addListener(next.inbox::add);
            return new Started(p, t);
        }, started -> {
            if (run != next) {
                return;
            }
            next.prepared = started.prepared();
            next.trainer = started.trainer();
            next.total = started.prepared().config().steps();
            about.set(i18n.format("training.about", started.prepared().model().graph().name(),
                    String.format(Locale.ROOT, "%,d", started.prepared().model().parameterCount()),
                    started.prepared().dataSummary()));
            phase.set(Phase.RUNNING);
            progress.set(0);
            refresh();
            submitSlice();
        }, failure -> {
            if (run != next) {
                return;
            }
            LOG.warn("Preparing experiment {} failed", e.id(), failure);
            phase.set(Phase.FAILED);
            progress.set(0);
            say(i18n.format("training.prepare.failed", e.id(), Failures.describe(failure)), true);
            refresh();
        });
    }

    /** Pauses after the current step. */
    public void pause() {
        if (phase.get() == Phase.RUNNING && run.trainer != null) {
            run.trainer.pause();
        }
    }

    /** Goes on after a pause. */
    public void resume() {
        if (phase.get() == Phase.PAUSED) {
            run.trainer.resume();
            phase.set(Phase.RUNNING);
            refresh();
            submitSlice();
        }
    }

    /** While paused: takes exactly one step (the charts show it), then stays paused. */
    public void stepOnce() {
        if (phase.get() == Phase.PAUSED) {
            run.trainer.stepOnce();
            submitSlice();
        }
    }

    /** Stops after the current step; the run's figures and charts stay. */
    public void stop() {
        if (run == null || run.trainer == null || !phase.get().active()) {
            return;
        }
        run.trainer.stop();
        submitSlice();      // a paused run ends in its next slice
    }

    /**
     * From the next step on, trains at the learning rate {@code text} gives instead of the schedule's (while a run
     * is under way); a text that is not a positive number changes nothing and says so.
     */
    public void setLearningRate(String text) {
        if (run == null || run.trainer == null || !phase.get().active()) {
            return;
        }
        double lr;
        try {
            lr = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            lr = Double.NaN;
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            say(i18n.format("training.lr.bad", text.strip()), true);
            return;
        }
        run.trainer.setLearningRate(lr);
        say(i18n.format("training.lr.set", ValueFormat.exact(lr)), false);
    }

    /**
     * Writes a checkpoint of the run as it is (between two steps) into {@code folder}, in the format {@code seqlab
     * eval} and {@code seqlab train --resume} read; says where in {@link #messageProperty()}.
     */
    public void saveCheckpoint(Path folder) {
        Run r = run;
        if (r == null || r.prepared == null || r.trainer == null || r.step == 0) {
            return;
        }
        Map<String, Double> metrics = new LinkedHashMap<>(r.lastHeldOut);
        metrics.put("loss", r.lastLoss);
        executor.submit(() -> {
            long at = r.trainer.step();   // read between two slices: the step the weights are at
            return new SavedAt(at, RunDirectory.save(folder, r.prepared, at, metrics));
        }, saved -> say(i18n.format("training.saved", Long.toString(saved.step()), saved.path().toString()), false),
                failure -> {
                    LOG.warn("Saving a checkpoint into {} failed", folder, failure);
                    say(i18n.format("training.save.failed", folder.toString(), Failures.describe(failure)), true);
                });
    }

    /** Whether there is a run with at least one step to save. */
    public boolean canSave() {
        return run != null && run.prepared != null && run.step > 0;
    }

    /**
     * The run's numbers as CSV: one row per step (loss, smoothed loss, learning rate, gradient norm before and
     * after clipping, whether clipped, tokens/s) with the held-out figures in the row of the step they were taken
     * after; empty before a run.
     */
    public String csv() {
        Run r = run;
        if (r == null || r.stepX.size() == 0) {
            return "";
        }
        Set<String> names = new LinkedHashSet<>();
        r.evaluations.values().forEach(m -> names.addAll(m.keySet()));
        StringBuilder out = new StringBuilder("step,loss,smoothed_loss,learning_rate,grad_norm_before,"
                + "grad_norm_after,clipped,units_per_second");
        names.forEach(n -> out.append(',').append(csvName(n)));
        out.append('\n');
        double[] smooth = smoothed(r.lossY.raw(), r.lossY.size());
        for (int i = 0; i < r.stepX.size(); i++) {
            long s = (long) r.stepX.get(i);
            out.append(s).append(',').append(ValueFormat.exact(r.lossY.get(i))).append(',')
                    .append(ValueFormat.exact(smooth[i])).append(',').append(ValueFormat.exact(r.rate.get(i)))
                    .append(',').append(ValueFormat.exact(r.normBefore.get(i))).append(',')
                    .append(ValueFormat.exact(r.normAfter.get(i))).append(',').append(r.clipped.get(i) != 0)
                    .append(',').append(ValueFormat.exact(r.speed.get(i)));
            Map<String, Double> eval = r.evaluations.get(s);
            for (String n : names) {
                out.append(',');
                Double v = eval == null ? null : eval.get(n);
                if (v != null) {
                    out.append(ValueFormat.exact(v));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The centred moving mean of {@code y} over {@link #SMOOTHING_SHARE} of its length on either side (at least
     * the point itself), from prefix sums; a non-finite loss is left out of the means around it.
     */
    static double[] smoothed(double[] y) {
        return smoothed(y, y.length);
    }

    /** {@link #smoothed(double[])} of the first {@code n} values of {@code y}. */
    static double[] smoothed(double[] y, int n) {
        int half = (int) Math.floor(n * SMOOTHING_SHARE);
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            boolean ok = Double.isFinite(y[i]);
            sum[i + 1] = sum[i] + (ok ? y[i] : 0);
            count[i + 1] = count[i] + (ok ? 1 : 0);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(n, i + half + 1);
            int c = count[hi] - count[lo];
            out[i] = c == 0 ? Double.NaN : (sum[hi] - sum[lo]) / c;
        }
        return out;
    }

    /** A series as the chart gets it: at most {@link #DRAWN_POINTS} points (see {@link #decimated}). */
    private static SeriesChartData.Series drawn(String name, double[] x, double[] y, int n) {
        double[][] d = decimated(x, y, n, DRAWN_POINTS);
        return new SeriesChartData.Series(name, d[0], d[1]);
    }

    /**
     * {@code x, y} cut down to at most {@code max} points (max ≥ 4) for drawing, keeping the first and last step and
     * each stretch's lowest and highest point (in their order), so no spike is lost: a chart is a few hundred pixels
     * wide, and handing it every step of a long run costs the FX thread a copy of them all at every slice. Every
     * point kept is one of the run's; the CSV keeps them all. Reads the first {@code n} of each array.
     */
    static double[][] decimated(double[] x, double[] y, int n, int max) {
        if (n <= max) {
            return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
        }
        int buckets = (max - 2) / 2;              // two points a stretch, and room for the first and last steps
        int[] kept = new int[2 * buckets + 2];
        int k = 0;
        kept[k++] = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) n * b / buckets);
            int to = (int) ((long) n * (b + 1) / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (y[i] < y[lo] || Double.isNaN(y[lo])) {
                    lo = i;
                }
                if (y[i] > y[hi] || Double.isNaN(y[hi])) {
                    hi = i;
                }
            }
            for (int i : new int[] {Math.min(lo, hi), Math.max(lo, hi)}) {
                if (i > kept[k - 1]) {
                    kept[k++] = i;
                }
            }
        }
        if (kept[k - 1] != n - 1) {
            kept[k++] = n - 1;
        }
        double[] dx = new double[k];
        double[] dy = new double[k];
        for (int i = 0; i < k; i++) {
            dx[i] = x[kept[i]];
            dy[i] = y[kept[i]];
        }
        return new double[][] {dx, dy};
    }

    private static String csvName(String name) {
        return name.matches("[A-Za-z0-9_ .-]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    private void say(String text, boolean isFailure) {
        failed.set(isFailure);
        message.set(text);
    }

    private void submitSlice() {
        if (sliceQueued) {
            return;
        }
        if (submitting) {
            resubmit = true;
            return;
        }
        do {
            resubmit = false;
            Run r = run;
            sliceQueued = true;
            submitting = true;
            try {
                executor.submit(() -> {
                    boolean ended = r.trainer.runSlice(TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS));
                    return new Slice(r.drain(), ended, r.trainer.state());
                }, slice -> onSlice(r, slice), failure -> onSliceFailed(r, failure));
            } finally {
                submitting = false;
            }
        } while (resubmit);
    }

    private void onSlice(Run r, Slice slice) {
        sliceQueued = false;
        if (r != run) {
            return;
        }
        r.take(slice.events());
        if (slice.ended()) {
            phase.set(slice.state() == Trainer.State.FINISHED ? Phase.FINISHED : Phase.STOPPED);
        } else {
            phase.set(slice.state() == Trainer.State.PAUSED ? Phase.PAUSED : Phase.RUNNING);
        }
        if (!slice.ended() && slice.state() != Trainer.State.PAUSED) {
            submitSlice();      // first: the worker trains on while this thread draws
        }
        publish(r);
    }

    private void onSliceFailed(Run r, Throwable failure) {
        sliceQueued = false;
        if (r != run) {
            return;
        }
        LOG.warn("Training {} failed", r.experiment.id(), failure);
        r.take(r.drain());
        phase.set(Phase.FAILED);
        say(i18n.format("training.failed", Failures.describe(failure)), true);
        publish(r);
    }

    /** Hands the run's numbers to the charts and lines. */
    private void publish(Run r) {
        progress.set(r.total == 0 ? 0 : (double) r.step / r.total);
        int n = r.stepX.size();
        if (n > 0) {
            double[] x = r.stepX.raw();
            List<SeriesChartData.Series> lines = new ArrayList<>();
            lines.add(drawn(i18n.get("training.loss.train"), x, r.lossY.raw(), n));
            lines.add(drawn(i18n.get("training.loss.smoothed"), x, smoothed(r.lossY.raw(), n), n));
            if (r.heldOutX.size() > 0) {
                lines.add(drawn(i18n.get("training.loss.heldout"), r.heldOutX.raw(), r.heldOutY.raw(),
                        r.heldOutX.size()));
            }
            loss.set(new SeriesChartData(lines, i18n.get("training.x"), i18n.get("training.loss.y"), AxisScale.LINEAR,
                    List.of()));
            norms.set(new SeriesChartData(List.of(
                    drawn(i18n.get("training.norm.before"), x, r.normBefore.raw(), n),
                    drawn(i18n.get("training.norm.after"), x, r.normAfter.raw(), n)),
                    i18n.get("training.x"), i18n.get("training.norm.y"), AxisScale.LOG10, List.of()));
        }
        refresh();
    }

    /** Re-words the lines (after a change of state or language). */
    private void refresh() {
        Run r = run;
        Phase p = phase.get();
        Experiment e = experiment.get();
        String title = e == null ? "" : e.id() + " " + e.title().in(i18n.getLanguage().locale());
        status.set(switch (p) {
            case IDLE -> i18n.format("training.idle", title);
            case PREPARING -> i18n.format("training.preparing", title);
            case RUNNING -> r.step == 0 ? i18n.format("training.starting", title)
                    : i18n.format("training.running", Long.toString(r.step), Long.toString(r.total),
                            number(r.lastLoss), String.format(Locale.ROOT, "%,.0f", r.recentSpeed()),
                            unitText(r.unit()),
                            ValueFormat.compact(r.lastRate), duration(r.secondsLeft()));
            case PAUSED -> i18n.format("training.paused", Long.toString(r.step), Long.toString(r.total),
                    number(r.lastLoss));
            case FINISHED -> i18n.format("training.finished", Long.toString(r.step), duration(r.elapsedSeconds()),
                    number(r.lastLoss));
            case STOPPED -> i18n.format("training.stopped", Long.toString(r.step), Long.toString(r.total),
                    number(r.lastLoss));
            case FAILED -> i18n.format("training.failedAt", Long.toString(r == null ? 0 : r.step));
        });
        if (r != null && r.lastHeldOutStep > 0) {
            List<String> parts = new ArrayList<>();
            r.lastHeldOut.forEach((k, v) -> parts.add(k + " " + ValueFormat.compact(v)));
            heldOut.set(i18n.format("training.heldout", Long.toString(r.lastHeldOutStep), String.join(" · ", parts)));
        }
    }

    /** The unit a step counts, in the current language (a unit the bundle does not know as it is). */
    private String unitText(String unit) {
        return switch (unit) {
            case "tokens" -> i18n.get("training.unit.tokens");
            case "examples" -> i18n.get("training.unit.examples");
            default -> unit;
        };
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : Double.toString(v);
    }

    /** "45 s", "3 min 05 s", "1 h 20 min", in the current language. */
    String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "–";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return i18n.format("training.duration.s", Long.toString(s));
        }
        if (s < 3600) {
            return i18n.format("training.duration.min", Long.toString(s / 60), String.format(Locale.ROOT, "%02d",
                    s % 60));
        }
        return i18n.format("training.duration.h", Long.toString(s / 3600), String.format(Locale.ROOT, "%02d",
                s / 60 % 60));
    }

    private record Started(Prepared prepared, Trainer trainer) {
    }

    private record SavedAt(long step, Path path) {
    }

    private record Slice(List<TrainingEvent> events, boolean ended, Trainer.State state) {
    }

    /** One run: its trainer, the events not yet taken, and the numbers taken so far (FX thread). */
    private static final class Run {
        final Experiment experiment;
        final ConcurrentLinkedQueue<TrainingEvent> inbox =
                new ConcurrentLinkedQueue<>();
        Prepared prepared;
        Trainer trainer;
        long total;
        long step;
        double lastLoss = Double.NaN;
        double lastRate = Double.NaN;
        double trainingMillis;
        final double[] recentMillis = new double[RECENT];
        final double[] recentSpeed = new double[RECENT];
        int recentCount;
        final Doubles stepX = new Doubles();
        final Doubles lossY = new Doubles();
        final Doubles rate = new Doubles();
        final Doubles normBefore = new Doubles();
        final Doubles normAfter = new Doubles();
        final Doubles clipped = new Doubles();
        final Doubles speed = new Doubles();
        final Doubles heldOutX = new Doubles();
        final Doubles heldOutY = new Doubles();
        final Map<Long, Map<String, Double>> evaluations = new LinkedHashMap<>();
        Map<String, Double> lastHeldOut = Map.of();
        long lastHeldOutStep;

        Run(Experiment experiment) {
            this.experiment = experiment;
        }

        /** The events the trainer has told since the last call (any thread). */
        List<TrainingEvent> drain() {
            List<TrainingEvent> out = new ArrayList<>();
            for (TrainingEvent e; (e = inbox.poll()) != null; ) {
                out.add(e);
            }
            return out;
        }

        String unit() {
            return prepared == null ? "" : prepared.unit();
        }

        void take(List<TrainingEvent> events) {
            for (TrainingEvent e : events) {
                if (e instanceof TrainingEvent.Step s) {
                    step = s.step();
                    lastLoss = s.loss();
                    lastRate = s.learningRate();
                    trainingMillis += s.millis();
                    recentMillis[recentCount % RECENT] = s.millis();
                    recentSpeed[recentCount % RECENT] = s.tokensPerSecond();
                    recentCount++;
                    stepX.add(s.step());
                    lossY.add(s.loss());
                    rate.add(s.learningRate());
                    normBefore.add(s.gradNormBefore());
                    normAfter.add(s.gradNormAfter());
                    clipped.add(s.clipped() ? 1 : 0);
                    speed.add(s.tokensPerSecond());
                } else if (e instanceof TrainingEvent.Evaluated ev) {
                    evaluations.put(ev.step(), ev.metrics());
                    lastHeldOut = new TreeMap<>(ev.metrics());
                    lastHeldOutStep = ev.step();
                    Double v = ev.metrics().get("val_loss");
                    if (v != null) {
                        heldOutX.add(ev.step());
                        heldOutY.add(v);
                    }
                } else if (e instanceof TrainingEvent.Started st) {
                    step = st.fromStep();
                    total = st.totalSteps();
                }
            }
        }

        /** The median speed of the recent steps. */
        double recentSpeed() {
            int n = Math.min(recentCount, RECENT);
            if (n == 0) {
                return 0;
            }
            double[] v = Arrays.copyOf(recentSpeed, n);
            Arrays.sort(v);
            return v[n / 2];
        }

        double secondsLeft() {
            int n = Math.min(recentCount, RECENT);
            if (n == 0) {
                return Double.NaN;
            }
            double mean = Arrays.stream(recentMillis, 0, n).average().orElse(0);
            return mean * (total - step) / 1000;
        }

        double elapsedSeconds() {
            return trainingMillis / 1000;
        }
    }

    /** A growable array of doubles. */
    private static final class Doubles {
        private double[] values = new double[256];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        /** The backing array: its first {@link #size()} values are the values (no copy; read, do not keep). */
        double[] raw() {
            return values;
        }
    }
}
