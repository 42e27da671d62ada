package org.seqlab.ui.panels.gradflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.GradientFlow;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelExport;
import org.seqlab.ui.viz.GroupedBarChart;
import org.seqlab.ui.viz.GroupedBarChartData;
import org.seqlab.ui.viz.SeriesChart;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The gradient-flow panel built from a {@link PanelContext} of plain properties, headless (Monocle), on a real
 * recording: the charts follow the threshold, the cursor and new recordings. With {@code -Dseqlab.screenshots=DIR}
 * it writes the panel's pictures at the size it gets in the window.
 */
@ExtendWith(ApplicationExtension.class)
class GradientFlowPanelTest {

    private Stage stage;
    private final I18n i18n = new I18n(Language.ENGLISH);
    private final SimpleObjectProperty<DebugSession> session = new SimpleObjectProperty<>();
    private final SimpleIntegerProperty revision = new SimpleIntegerProperty();
    private final SimpleObjectProperty<Cursor> cursor = new SimpleObjectProperty<>();
    private final SimpleObjectProperty<List<String>> tokens = new SimpleObjectProperty<>(List.of());
    private final SimpleObjectProperty<String> modelName = new SimpleObjectProperty<>("char-rnn-lm");

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 850, 450));
        stage.show();
    }

    @AfterEach
    void resetTheme() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(null)).get(10, TimeUnit.SECONDS);
    }

    private PanelContext context() {
        return new PanelContext(i18n, new SameThreadTaskExecutor(), session, revision, cursor, tokens, modelName);
    }

    private GradientFlowPanel show(String template, String text) throws Exception {
        DebugSession s = Recordings.record(template, text);
        GradientFlowPanel panel = fx(() -> {
            GradientFlowPanel p = new GradientFlowPanel(context());
            stage.getScene().setRoot(new StackPane(p.view()));
            tokens.set(Recordings.tokens(text));
            modelName.set(template);
            session.set(s);
            cursor.set(s.cursor());
            revision.set(revision.get() + 1);
            return p;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return panel;
    }

    @Test
    void specNamesThePanel() {
        assertThat(GradientFlowPanel.spec().id()).isEqualTo("gradient-flow");
        assertThat(GradientFlowPanel.spec().titleKey()).isEqualTo("gradflow.title");
        assertThat(i18n.get(GradientFlowPanel.spec().titleKey())).isEqualTo("Gradient flow");
    }

    @Test
    void aRecordingFillsBothChartsAndTheReading(FxRobot robot) throws Exception {
        GradientFlowPanel panel = show("char-rnn-lm", Recordings.LONG_TEXT);
        GradientFlow flow = session.get().gradientFlow();
        SeriesChart steps = robot.lookup("#gradflow-steps").queryAs(SeriesChart.class);
        assertThat(steps.getData().series()).hasSize(1);
        assertThat(steps.getData().series().get(0).y()).containsExactly(
                flow.series().get(0).steps().stream().mapToDouble(GradientFlow.Step::norm).toArray());
        assertThat(steps.getData().xLabels()).isEqualTo(Recordings.tokens(Recordings.LONG_TEXT));
        assertThat(robot.lookup("#gradflow-reading").queryAs(Label.class).getText()).startsWith("rnn/l0: the gradient");
        GroupedBarChart bars = robot.lookup("#gradflow-bars").queryAs(GroupedBarChart.class);
        assertThat(bars.getData().categories()).hasSize(flow.parameters().size() + 1);
        assertThat(panel.available().get()).isTrue();
        assertThat(panel.csv()).startsWith("series,t,norm\n");
    }

    @Test
    void changingTheThresholdRedrawsTheBarsClipped(FxRobot robot) throws Exception {
        GradientFlowPanel panel = show("char-lstm-lm", "hello world");
        GradientFlow flow = session.get().gradientFlow();
        GroupedBarChart bars = robot.lookup("#gradflow-bars").queryAs(GroupedBarChart.class);
        double target = flow.globalNorm() / 4;
        Spinner<?> spinner = robot.lookup("#gradflow-threshold").queryAs(Spinner.class);
        robot.doubleClickOn(spinner.getEditor());
        robot.eraseText(12).write(Double.toString(target)).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(panel.model().thresholdProperty().get()).isEqualTo(target);
        GroupedBarChartData data = bars.getData();
        assertThat(data.series()).hasSize(2);
        double[] pre = data.series().get(0).values();
        double[] post = data.series().get(1).values();
        assertThat(pre[0]).isEqualTo(flow.globalNorm());
        assertThat(post[0]).isCloseTo(target, within(1e-6));
        double scale = post[0] / pre[0];
        for (int i = 1; i < pre.length; i++) {
            assertThat(post[i]).isCloseTo(pre[i] * scale, within(1e-9));
        }
        assertThat(bars.getThreshold()).isEqualTo(target);
        assertThat(robot.lookup("#gradflow-summary").queryAs(Label.class).getText()).contains("clipped by ×");

        fx(() -> panel.model().clippingOnProperty().set(false));
        assertThat(bars.getData().series()).hasSize(1);
        assertThat(bars.getThreshold()).isNaN();
    }

    @Test
    void theMarkerFollowsTheCursorOnARecurrentEvent(FxRobot robot) throws Exception {
        show("char-rnn-lm", "hello world");
        SeriesChart steps = robot.lookup("#gradflow-steps").queryAs(SeriesChart.class);
        TraceEvent step4 = session.get().cursor().trace().events().stream()
                .filter(e -> e.label().startsWith("rnn/l0/t4/")).findFirst().orElseThrow();
        fx(() -> cursor.set(Cursor.at(session.get().cursor().trace(), step4.index())));
        assertThat(steps.getMarkerX()).isEqualTo(4);
        fx(() -> cursor.set(Cursor.at(session.get().cursor().trace(), 0)));
        assertThat(steps.getMarkerX()).isNaN();
    }

    @Test
    void aModelWithoutRecurrenceSaysSoButShowsItsParameters(FxRobot robot) throws Exception {
        show("transformer-classifier", "hello world");
        SeriesChart steps = robot.lookup("#gradflow-steps").queryAs(SeriesChart.class);
        assertThat(steps.getData()).isNull();
        assertThat(steps.getEmptyText()).startsWith("No recurrent layer");
        assertThat(robot.lookup("#gradflow-bars").queryAs(GroupedBarChart.class).getData()).isNotNull();
    }

    @Test
    void picturesOfThePanel() throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        Path folder = Files.createDirectories(Path.of(dir));
        picture(folder, "gradflow-rnn.png", false, "char-rnn-lm", Recordings.LONG_TEXT, true);
        picture(folder, "gradflow-rnn-clipped.png", false, "char-rnn-lm", Recordings.LONG_TEXT, true);
        picture(folder, "gradflow-lstm.png", false, "char-lstm-lm", "hello world", false);
        picture(folder, "gradflow-lstm-dark.png", true, "char-lstm-lm", "hello world", true);
        picture(folder, "gradflow-transformer.png", false, "transformer-classifier", "hello world", true);
        assertThat(folder.resolve("gradflow-rnn.png")).isNotEmptyFile();
    }

    private void picture(Path folder, String name, boolean dark, String template, String text, boolean clip)
            throws Exception {
        fx(() -> Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet()));
        GradientFlowPanel panel = show(template, text);
        fx(() -> {
            stage.getScene().getRoot().setStyle("-fx-background-color: -color-bg-default;");
            panel.model().clippingOnProperty().set(clip);
            panel.model().thresholdProperty().set(name.contains("clipped") ? 0.3 : 1.0);
            TraceEvent e = session.get().cursor().trace().events().stream()
                    .filter(ev -> ev.label().contains("/t5/")).findFirst().orElse(null);
            if (e != null) {
                cursor.set(Cursor.at(session.get().cursor().trace(), e.index()));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            Snapshots.writePng(stage.getScene(), folder.resolve(name));
            PanelExport.writePng(panel, folder.resolve("figure-" + name));
            PanelExport.writeCsv(panel, folder.resolve(name.replace(".png", ".csv")));
            stage.getScene().setRoot(new StackPane());   // the inline theme colour must not outlive the theme
            return null;
        });
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
    }

    private static void fx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
