package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.lesson.Experiments;
import org.seqlab.ui.fx.FrameTimeProbe;
import org.seqlab.ui.fx.FrameTimes;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.FxTests;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.training.TrainingPanel;
import org.seqlab.ui.panels.training.TrainingViewModel;
import org.seqlab.ui.panels.training.TrainingViewModel.Phase;
import org.seqlab.ui.viz.SeriesChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training dashboard in the main window, driven by its buttons, headless (Monocle): the real executor (shared
 * with the debugger's recordings), a real experiment trained to the end or paused, stepped and stopped, and the
 * frame-time probe on the FX thread while the run updates the charts.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingDashboardTest {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingDashboardTest.class);

    private TaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        window = App.openMainWindow(stage, executor, Language.ENGLISH, () -> { });
    }

    @Stop
    void stop() {
        executor.close();
    }

    @BeforeEach
    void openTheDashboard() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.debugger().cursorProperty().get() != null);
        fx(() -> window.openPanel(TrainingPanel.ID));
    }

    private TrainingViewModel model() {
        return ((TrainingPanel) window.panel(TrainingPanel.ID).orElseThrow()).model();
    }

    private void choose(String experiment, long steps) throws Exception {
        fx(() -> {
            model().experimentProperty().set(Experiments.get(experiment));
            model().stepsProperty().set(steps);
        });
    }

    private long stepsDrawn(FxRobot robot) {
        var data = robot.lookup("#training-loss").queryAs(SeriesChart.class).getData();
        return data == null ? 0 : data.series().get(0).size();
    }

    /**
     * Trains an experiment to its end from the Train button while the probe notes the FX thread's frames; logs the
     * figures (measured, not asserted: CI machines differ) and checks what the run left on screen.
     */
    @Test
    void trainsAnExperimentToTheEndWhileTheProbeMeasuresTheFxThread(FxRobot robot, @TempDir Path dir)
            throws Exception {
        choose("01", 400);
        FrameTimeProbe probe = FxTests.startedProbe();
        long started = System.nanoTime();
        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> model().phaseProperty().get() == Phase.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        FrameTimes times = fx(probe::stop);
        LOG.info("FX thread while the dashboard trained experiment 01 for 400 steps ({} s): {}",
                String.format("%.1f", (System.nanoTime() - started) / 1e9), times.summary());

        assertThat(times.frames()).as(times.summary()).isGreaterThan(10);
        assertThat(stepsDrawn(robot)).isEqualTo(400);
        assertThat(robot.lookup("#training-status").queryAs(Label.class).getText()).startsWith("Finished: 400 steps");
        assertThat(robot.lookup("#training-start").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#training-pause").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#training-save").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#training-heldout").queryAs(Label.class).getText())
                .startsWith("Held-out after step 400: ");

        Path png = dir.resolve("training.png");
        Path csv = dir.resolve("training.csv");
        assertThat(fx(() -> window.exportCurrent(png, false) && window.exportCurrent(csv, true))).isTrue();
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(Files.readAllLines(csv)).hasSize(401);
    }

    @Test
    void typedStepsAcceptDigitGroupsAndTextThatIsNoNumberChangesNothing(FxRobot robot) throws Exception {
        choose("01", 300);
        @SuppressWarnings("unchecked")
        javafx.scene.control.Spinner<Integer> steps = robot.lookup("#training-steps").queryAs(
                javafx.scene.control.Spinner.class);
        fx(() -> {
            steps.getEditor().setText("lots");
            steps.commitValue();
        });
        assertThat(fx(() -> model().stepsProperty().get())).isEqualTo(300);
        assertThat(fx(() -> steps.getEditor().getText())).as("the field shows the value kept").isEqualTo("300");
        fx(() -> {
            steps.getEditor().setText("2,500");
            steps.commitValue();
        });
        assertThat(fx(() -> model().stepsProperty().get())).isEqualTo(2500);
    }

    @Test
    void pausesTakesOneStepAndStopsFromItsButtonsWhileTheDebuggerStillRecords(FxRobot robot) throws Exception {
        choose("01", 100_000);
        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> stepsDrawn(robot) > 0);
        assertThat(robot.lookup("#training-experiment").queryAs(javafx.scene.Node.class).isDisabled())
                .as("no other experiment while one trains").isTrue();

        // the debugger records between two slices of the run
        int revision = fx(() -> window.modelBar().revisionProperty().get());
        fx(() -> {
            window.modelBar().textProperty().set("trained while recording");
            window.modelBar().record();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.modelBar().revisionProperty().get() > revision);
        fx(() -> window.openPanel(TrainingPanel.ID));

        robot.clickOn("#training-pause");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model().phaseProperty().get() == Phase.PAUSED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#training-pause").queryAs(Button.class).getText()).isEqualTo("Resume");
        long paused = stepsDrawn(robot);
        robot.clickOn("#training-step");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> stepsDrawn(robot) == paused + 1);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stepsDrawn(robot)).as("one step, then paused again").isEqualTo(paused + 1);
        assertThat(model().phaseProperty().get()).isEqualTo(Phase.PAUSED);

        robot.clickOn("#training-stop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model().phaseProperty().get() == Phase.STOPPED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#training-status").queryAs(Label.class).getText())
                .startsWith("Stopped after step " + (paused + 1) + " of 100000");
        assertThat(robot.lookup("#training-start").queryAs(Button.class).isDisabled()).isFalse();
    }
}
