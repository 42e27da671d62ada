package org.seqlab.ui.panels.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.lesson.Experiments;
import org.seqlab.lesson.RunDirectory;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.training.TrainingViewModel.Phase;
import org.seqlab.ui.viz.SeriesChartData;

/** The dashboard's state without a window: a real experiment trained in slices, paused, stepped, stopped, saved. */
class TrainingViewModelTest {

    private final I18n i18n = new I18n(Language.ENGLISH);

    /** An executor that runs submitted work only when the test says so, one task at a time, in order. */
    private static final class StepByStep implements TaskExecutor {
        private final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            queue.add(() -> {
                T value;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    onFailure.accept(t);
                    return;
                }
                onSuccess.accept(value);
            });
        }

        /** Runs the next task (and its callback); false when none is waiting. */
        boolean runNext() {
            Runnable r = queue.poll();
            if (r != null) {
                r.run();
            }
            return r != null;
        }

        int waiting() {
            return queue.size();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void trainsTheChosenExperimentToTheEndAndDrawsItsLossAndGradientNorm() {
        TrainingViewModel model = new TrainingViewModel(i18n, new SameThreadTaskExecutor());
        model.experimentProperty().set(Experiments.get("01"));
        assertThat(model.stepsProperty().get()).as("the experiment's default length").isEqualTo(1500);
        assertThat(model.statusProperty().get()).startsWith("Press Train to train 01 RNN basics");
        model.stepsProperty().set(20);                         // evaluated every 2 steps (a tenth of the run)

        model.start();   // the same-thread executor prepares and trains it all before start returns

        assertThat(model.phaseProperty().get()).isEqualTo(Phase.FINISHED);
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
        assertThat(model.statusProperty().get()).startsWith("Finished: 20 steps, ").contains("last loss ");
        assertThat(model.aboutProperty().get()).startsWith("rnn-classifier · ").contains(" parameters · ");
        assertThat(model.heldOutProperty().get()).startsWith("Held-out after step 20: ").contains("val_loss ");
        assertThat(model.messageProperty().get()).isEmpty();

        SeriesChartData loss = model.lossProperty().get();
        assertThat(loss.series()).extracting(SeriesChartData.Series::name)
                .containsExactly("training loss", "smoothed", "held-out loss");
        assertThat(loss.series().get(0).x()).hasSize(20).startsWith(1, 2, 3).endsWith(20);
        assertThat(Arrays.stream(loss.series().get(0).y()).boxed()).allSatisfy(v -> assertThat(v).isPositive()
                .isFinite());
        assertThat(loss.series().get(2).x()).containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
        SeriesChartData norms = model.normsProperty().get();
        assertThat(norms.yScale()).isEqualTo(org.seqlab.ui.viz.AxisScale.LOG10);
        double[] before = norms.series().get(0).y();
        double[] after = norms.series().get(1).y();
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).as("clipping never raises the norm, step %d", i + 1)
                    .isLessThanOrEqualTo(before[i] + 1e-9);
        }

        String[] rows = model.csv().split("\n");
        assertThat(rows[0]).startsWith("step,loss,smoothed_loss,learning_rate,grad_norm_before,grad_norm_after,"
                + "clipped,units_per_second").contains("val_loss");
        assertThat(rows).hasSize(21);
        String[] last = rows[20].split(",", -1);
        assertThat(last[0]).isEqualTo("20");
        assertThat(Double.parseDouble(last[1])).isEqualTo(loss.series().get(0).y()[19]);
        for (int step = 1; step <= 20; step++) {
            String row = rows[step];
            assertThat(row.endsWith(",")).as("held-out figures only in the rows of even steps: %s", row)
                    .isEqualTo(step % 2 == 1);
        }
    }

    @Test
    void pausesTakesOneStepResumesAndStopsBetweenSlices() {
        StepByStep executor = new StepByStep();
        TrainingViewModel model = new TrainingViewModel(i18n, executor);
        model.experimentProperty().set(Experiments.get("01"));
        model.stepsProperty().set(1000);
        model.start();
        assertThat(model.phaseProperty().get()).isEqualTo(Phase.PREPARING);
        assertThat(model.progressProperty().get()).as("indeterminate while preparing").isEqualTo(-1);
        assertThat(model.statusProperty().get()).startsWith("Preparing 01 ");
        executor.runNext();                                  // prepared: the first slice is queued
        assertThat(model.phaseProperty().get()).isEqualTo(Phase.RUNNING);
        assertThat(executor.waiting()).isEqualTo(1);
        executor.runNext();                                  // one slice of about 100 ms
        long afterSlice = steps(model);
        assertThat(afterSlice).isPositive();
        assertThat(model.statusProperty().get()).startsWith("Step " + afterSlice + " of 1000 · loss ")
                .contains(" tokens/s · learning rate ").endsWith(" left");
        assertThat(executor.waiting()).as("the next slice follows by itself").isEqualTo(1);

        model.pause();
        executor.runNext();                                  // the slice sees the pause before its first step
        assertThat(model.phaseProperty().get()).isEqualTo(Phase.PAUSED);
        assertThat(steps(model)).isEqualTo(afterSlice);
        assertThat(executor.waiting()).as("a paused run queues nothing").isZero();
        assertThat(model.statusProperty().get()).isEqualTo("Paused after step " + afterSlice + " of 1000 · loss "
                + String.format(java.util.Locale.ROOT, "%.4f", lastLoss(model)));

        model.stepOnce();
        executor.runNext();
        assertThat(steps(model)).isEqualTo(afterSlice + 1);
        assertThat(model.phaseProperty().get()).isEqualTo(Phase.PAUSED);
        assertThat(executor.waiting()).isZero();

        model.setLearningRate("fast");
        assertThat(model.failedProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("The learning rate must be a positive number, such as"
                + " 0.001; found “fast”. Nothing was changed.");
        model.setLearningRate(" 0.25 ");
        assertThat(model.failedProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).isEqualTo("From the next step on the learning rate is 0.25"
                + " (instead of the schedule’s).");

        model.resume();
        assertThat(model.phaseProperty().get()).isEqualTo(Phase.RUNNING);
        executor.runNext();
        assertThat(steps(model)).isGreaterThan(afterSlice + 1);
        String[] row = model.csv().split("\n")[(int) afterSlice + 2].split(",");
        assertThat(Double.parseDouble(row[3])).as("the learning rate of the step after the change").isEqualTo(0.25);

        model.stop();
        while (executor.runNext()) {
            // the queued slice ends the run
        }
        assertThat(model.phaseProperty().get()).isEqualTo(Phase.STOPPED);
        assertThat(model.statusProperty().get()).startsWith("Stopped after step " + steps(model) + " of 1000");
        assertThat(model.progressProperty().get()).isCloseTo(steps(model) / 1000.0, within(1e-12));
    }

    @Test
    void savesACheckpointThatTheCommandLineReadsAndSaysWhyWhenItCannot(@TempDir Path dir) throws Exception {
        TrainingViewModel model = new TrainingViewModel(i18n, new SameThreadTaskExecutor());
        model.experimentProperty().set(Experiments.get("01"));
        assertThat(model.canSave()).isFalse();
        model.stepsProperty().set(3);
        model.start();
        assertThat(model.canSave()).isTrue();

        Path folder = dir.resolve("run");
        model.saveCheckpoint(folder);
        assertThat(model.failedProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Checkpoint of step 3 saved in ");
        RunDirectory.Saved saved = RunDirectory.read(folder);
        assertThat(saved.step()).isEqualTo(3);
        assertThat(saved.experiment().id()).isEqualTo("01");

        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        model.saveCheckpoint(file);
        assertThat(model.failedProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).startsWith("The checkpoint could not be saved in " + file)
                .endsWith("Choose a folder you can write to.");
        assertThat(Files.readString(file)).as("the file in the way is left as it was").isEqualTo("x");
    }

    @Test
    void followsTheModelBarsTemplateOnlyWhileNoRunIsUnderWay() {
        StepByStep executor = new StepByStep();
        TrainingViewModel model = new TrainingViewModel(i18n, executor);
        model.followModel("gpt-nanogpt-cpu");
        assertThat(model.experimentProperty().get().id()).isEqualTo("07");
        model.followModel("char-lstm-lm");                   // no experiment trains it: the choice stays
        assertThat(model.experimentProperty().get().id()).isEqualTo("07");
        model.experimentProperty().set(Experiments.get("01"));
        model.start();
        model.followModel("gpt-nanogpt-cpu");
        assertThat(model.experimentProperty().get().id()).as("not while preparing").isEqualTo("01");
    }

    @Test
    void speaksChineseWhenTheLanguageChanges() {
        TrainingViewModel model = new TrainingViewModel(i18n, new SameThreadTaskExecutor());
        model.experimentProperty().set(Experiments.get("01"));
        model.stepsProperty().set(2);
        model.start();
        i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        assertThat(model.statusProperty().get()).startsWith("完成：2 步");
        assertThat(model.duration(45)).isEqualTo("45 秒");
        i18n.setLanguage(Language.ENGLISH);
        assertThat(model.duration(45)).isEqualTo("45 s");
        assertThat(model.duration(185)).isEqualTo("3 min 05 s");
        assertThat(model.duration(4800)).isEqualTo("1 h 20 min");
        assertThat(model.duration(Double.NaN)).isEqualTo("–");
    }

    @Test
    void theSmoothedLossIsACentredMeanThatDoesNotLagAndSkipsNonFiniteLosses() {
        double[] y = new double[300];
        for (int i = 0; i < y.length; i++) {
            y[i] = 300 - i;                                  // falling steadily
        }
        double[] s = TrainingViewModel.smoothed(y);
        assertThat(s[150]).as("a centred mean of a straight line is the line").isCloseTo(y[150], within(1e-9));
        assertThat(s[0]).as("at the start: the first point and the three after it")
                .isCloseTo((300 + 299 + 298 + 297) / 4.0, within(1e-9));
        assertThat(s[299]).isCloseTo((4 + 3 + 2 + 1) / 4.0, within(1e-9));

        double[] gap = {1, Double.NaN, 3};
        double[] g = TrainingViewModel.smoothed(gap);
        assertThat(g[0]).isEqualTo(1);
        assertThat(g[1]).isNaN();
        assertThat(g[2]).isEqualTo(3);
        double[] longer = new double[200];
        Arrays.fill(longer, 2);
        longer[100] = Double.POSITIVE_INFINITY;              // a blown-up step
        assertThat(TrainingViewModel.smoothed(longer)[101]).as("left out of the means around it").isEqualTo(2);
        assertThat(TrainingViewModel.smoothed(new double[0])).isEmpty();
        assertThat(TrainingViewModel.smoothed(new double[] {Double.NaN})[0]).isNaN();
    }

    @Test
    void aLongRunIsCutDownForDrawingWithoutLosingItsSpikesOrInventingPoints() {
        int n = 100_003;
        double[] x = new double[n + 10];                     // longer than n: only the first n are read
        double[] y = new double[n + 10];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 2 + r.nextDouble();
        }
        y[12_345] = 50;                                      // one spike up, one down
        y[77_777] = -5;
        y[n] = 1e9;                                          // past n: must not be read
        double[][] d = TrainingViewModel.decimated(x, y, n, 4000);

        assertThat(d[0].length).isLessThanOrEqualTo(4000).isGreaterThan(3000);
        assertThat(d[0]).hasSameSizeAs(d[1]);
        for (int i = 0; i < d[0].length; i++) {
            int step = (int) d[0][i];
            assertThat(d[1][i]).as("a point of the run").isEqualTo(y[step - 1]);
            if (i > 0) {
                assertThat(d[0][i]).isGreaterThan(d[0][i - 1]);
            }
        }
        assertThat(d[1]).contains(50.0, -5.0).doesNotContain(1e9);
        assertThat(d[0][0]).as("the first step").isEqualTo(1);
        assertThat(d[0][d[0].length - 1]).as("the last step").isEqualTo(n);

        double[][] small = TrainingViewModel.decimated(x, y, 10, 4000);
        assertThat(small[0]).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(TrainingViewModel.smoothed(y, 5)).hasSize(5);
    }

    private static long steps(TrainingViewModel model) {
        SeriesChartData loss = model.lossProperty().get();
        double[] x = loss.series().get(0).x();
        return (long) x[x.length - 1];
    }

    private static double lastLoss(TrainingViewModel model) {
        double[] y = model.lossProperty().get().series().get(0).y();
        return y[y.length - 1];
    }
}
