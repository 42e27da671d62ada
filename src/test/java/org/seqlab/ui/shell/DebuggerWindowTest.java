package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;

import java.util.concurrent.TimeUnit;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.Cursor;
import org.seqlab.ui.fx.FrameTimeProbe;
import org.seqlab.ui.fx.FrameTimes;
import org.seqlab.ui.fx.FxTests;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The debugger window driven as a user drives it, headless (Monocle): the real assembly, the real executor,
 * the default model recorded on the default sentence.
 */
@ExtendWith(ApplicationExtension.class)
class DebuggerWindowTest {

    private static final Logger LOG = LoggerFactory.getLogger(DebuggerWindowTest.class);
    private static final String[] INPUTS = {"to be or not to be", "hello world", "the quick brown fox",
        "sequence models", "attention is all you need", "long short-term memory"};

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
    void waitForTheFirstRecording() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.debugger().cursorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Cursor cursor() {
        return window.debugger().cursorProperty().get();
    }

    /** Waits until the inspector has shown what the cursor asked for (it prepares its numbers in the background). */
    private void inspectorSettled() {
        try {
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.inspector().preparingProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the inspector did not finish preparing within 60 s", e);
        }
    }

    private void assertInspectorShowsTheCursor(FxRobot robot) {
        inspectorSettled();
        TraceEvent e = cursor().event();
        assertThat(robot.lookup("#inspector-label").queryAs(Label.class).getText()).isEqualTo(e.label());
        assertThat(robot.lookup("#inspector-header").queryAs(Label.class).getText()).contains(e.op());
        assertThat(robot.lookup("#debugger-position").queryAs(Label.class).getText())
                .isEqualTo("event " + (e.index() + 1) + " / " + cursor().trace().size() + " · " + e.label());
        HeatmapData data = robot.lookup("#inspector-heatmap").queryAs(Heatmap.class).getData();
        double[] values = e.value().toDoubleArray();
        assertThat(data.rows() * data.cols()).isLessThanOrEqualTo(values.length);
        assertThat(data.value(0, 0)).isEqualTo(values[0]);
        assertThat(data.value(data.rows() - 1, data.cols() - 1)).isEqualTo(values[data.rows() * data.cols() - 1]);
    }

    /**
     * The frame-time probe on the window while the background re-records the model again and again and every panel
     * takes up each new recording: the window's busiest hand-offs. It logs the figures (measured, not asserted: CI
     * machines differ) and checks that the probe saw the frames of the whole run.
     */
    @Test
    void theFrameTimeProbeMeasuresTheFxThreadWhileTheModelReRecords() throws Exception {
        FrameTimeProbe probe = FxTests.startedProbe();
        long started = System.nanoTime();
        for (String input : INPUTS) {
            int revision = fx(() -> window.modelBar().revisionProperty().get());
            fx(() -> {
                window.modelBar().textProperty().set(input);
                window.modelBar().record();
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> window.modelBar().revisionProperty().get() > revision);
        }
        App.afterExecutorSettles(executor, 4, () -> { });
        WaitForAsyncUtils.waitForFxEvents();
        FrameTimes times = fx(probe::stop);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("FX thread over {} re-recordings ({} s): {}", INPUTS.length, String.format("%.1f", seconds),
                times.summary());

        assertThat(times.frames()).as(times.summary()).isGreaterThan(INPUTS.length);
        assertThat(times.maxMs()).isGreaterThanOrEqualTo(times.medianMs()).isPositive();
        assertThat(fx(() -> window.modelBar().textProperty().get())).isEqualTo(INPUTS[INPUTS.length - 1]);
    }

    @Test
    void theInspectorsHistogramIsDrawnWhenItsTabIsChosenAndFollowsTheCursor(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#inspector-tabs").queryAs(TabPane.class);
        assertThat(robot.lookup("#inspector-histogram").tryQuery()).as("hidden tab: not in the scene").isEmpty();

        robot.interact(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(barTotal(robot)).isEqualTo(cursor().event().value().numel());

        robot.clickOn("#debugger-end-of-phase");   // a new event while the histogram is in front
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(barTotal(robot)).isEqualTo(cursor().event().value().numel());

        robot.interact(() -> tabs.getSelectionModel().select(0));
        robot.clickOn("#debugger-step");           // and one while it is hidden: drawn anew when chosen again
        robot.interact(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(barTotal(robot)).isEqualTo(cursor().event().value().numel());
    }

    private long barTotal(FxRobot robot) {
        inspectorSettled();
        @SuppressWarnings("unchecked")
        BarChart<String, Number> chart = robot.lookup("#inspector-histogram").queryAs(BarChart.class);
        assertThat(chart.getData()).hasSize(1);
        return chart.getData().get(0).getData().stream().mapToLong(d -> d.getYValue().longValue()).sum();
    }

    @Test
    void opensOnTheDefaultModelAtEventZero(FxRobot robot) {
        assertThat(cursor().position()).isZero();
        assertThat(robot.lookup("#debugger-phase").queryAs(Label.class).getText()).isEqualTo("Forward pass");
        assertInspectorShowsTheCursor(robot);
        org.seqlab.ui.viz.GraphView graph = robot.lookup("#graph-view").queryAs(org.seqlab.ui.viz.GraphView.class);
        assertThat(graph.getGraph()).isNotNull();
        assertThat(graph.getCursorEvent()).isZero();
    }

    @Test
    void stepForwardWithButtonAndF11ThenStepBack(FxRobot robot) {
        for (int i = 0; i < 3; i++) {
            robot.clickOn("#debugger-step");
        }
        robot.push(KeyCode.F11);
        robot.push(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cursor().position()).isEqualTo(5);
        assertInspectorShowsTheCursor(robot);

        robot.clickOn("#debugger-step-back");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cursor().position()).isEqualTo(4);
        assertInspectorShowsTheCursor(robot);
        assertThat(robot.lookup("#graph-view").queryAs(org.seqlab.ui.viz.GraphView.class).getCursorEvent())
                .isEqualTo(4);
    }

    @Test
    void runsToAForgetGateBreakpoint(FxRobot robot) {
        robot.clickOn("#debugger-breakpoint").write("*/forget_gate");
        robot.clickOn("#debugger-run");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cursor().label()).endsWith("/forget_gate");
        assertThat(robot.lookup("#debugger-message").queryAs(Label.class).getText()).startsWith("Stopped");
        assertInspectorShowsTheCursor(robot);
    }

    @Test
    void theBackwardPassShowsTheGradientBesideTheForwardValue(FxRobot robot) {
        robot.clickOn("#debugger-end-of-phase");
        robot.clickOn("#debugger-step");
        robot.clickOn("#debugger-step");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cursor().phase()).isEqualTo(Phase.BACKWARD);
        assertThat(robot.lookup("#debugger-phase").queryAs(Label.class).getText()).isEqualTo("Backward pass");
        assertThat(robot.lookup("#inspector-value-title").queryAs(Label.class).getText()).startsWith("Gradient");
        assertInspectorShowsTheCursor(robot);
        TraceEvent back = cursor().event();
        TraceEvent fwd = cursor().trace().phase(Phase.FORWARD).stream()
                .filter(f -> f.outputId() == back.outputId()).findFirst().orElse(null);
        Heatmap forward = robot.lookup("#inspector-forward-heatmap").queryAs(Heatmap.class);
        if (fwd != null) {
            assertThat(forward.isVisible() || forward.getParent().isVisible()).isTrue();
            assertThat(forward.getData().value(0, 0)).isEqualTo(fwd.value().toDoubleArray()[0]);
        }
    }

    /** Pictures of the backward pass and of a forget gate to look at: only with {@code -Dseqlab.screenshots=DIR}. */
    @Test
    void screenshotsOfAForgetGateAndOfTheBackwardPass(FxRobot robot) throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
        robot.clickOn("#debugger-breakpoint").write("*/forget_gate");
        robot.clickOn("#debugger-run");
        robot.clickOn("#debugger-step");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> {
            org.seqlab.ui.fx.Snapshots.writePng(window.scene(), folder.resolve("debugger-forget-gate.png"));
            return null;
        }).get(10, TimeUnit.SECONDS);
        robot.clickOn("#debugger-end-of-phase");
        robot.clickOn("#debugger-step");
        robot.clickOn("#debugger-step");
        robot.clickOn("#debugger-step");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> {
            org.seqlab.ui.fx.Snapshots.writePng(window.scene(), folder.resolve("debugger-backward.png"));
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void enterInTheInputReRecordsAndKeepsTheLabel(FxRobot robot) throws Exception {
        robot.clickOn("#debugger-step");
        robot.clickOn("#debugger-step");
        String label = cursor().label();
        int revision = window.modelBar().revisionProperty().get();
        robot.doubleClickOn("#modelbar-text");
        robot.interact(() -> window.modelBar().textProperty().set("hi there"));
        robot.clickOn("#modelbar-text").push(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.modelBar().revisionProperty().get() > revision);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cursor().label()).isEqualTo(label);
        assertInspectorShowsTheCursor(robot);
    }

    @Test
    void anEmptyInputShowsOneMessageAndKeepsTheRecording(FxRobot robot) throws Exception {
        int size = cursor().trace().size();
        robot.interact(() -> window.modelBar().textProperty().set(""));
        robot.clickOn("#modelbar-text").push(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.modelBar().errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#modelbar-error").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).containsIgnoringCase("input is empty");
        assertThat(cursor().trace().size()).isEqualTo(size);
        assertThat(robot.lookup("#debugger-step").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void theLanguageSwitchRelabelsTheDebuggerLive(FxRobot robot) {
        robot.interact(() -> window.viewModel().languageProperty().set(Language.SIMPLIFIED_CHINESE));
        assertThat(robot.lookup("#debugger-step").queryAs(Button.class).getText()).isEqualTo("单步");
        assertThat(robot.lookup("#debugger-phase").queryAs(Label.class).getText()).isEqualTo("前向传播");
        assertThat(robot.lookup("#debugger-position").queryAs(Label.class).getText()).startsWith("事件 1 / ");
        robot.interact(() -> window.viewModel().languageProperty().set(Language.ENGLISH));
    }
}
