package org.seqlab.ui.panels.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.TOLERANCE;
import static org.seqlab.ui.fx.FxTests.fx;
import static org.seqlab.ui.fx.FxTests.pixelAtCentre;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.PanelExport;
import org.seqlab.ui.panels.PanelFixture;
import org.seqlab.ui.viz.ColorMap;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The gates panel as drawn, headless (Monocle), at the size it gets in the window (850 × 450): the heatmaps'
 * data and pixels, the compare toggle, export. With {@code -Dseqlab.screenshots=DIR} it also writes pictures
 * to look at: {@code mvn -o -q test -Dtest=GatesPanelTest -Dseqlab.screenshots=/tmp/gates}.
 */
@ExtendWith(ApplicationExtension.class)
class GatesPanelTest {


    private PanelFixture fixture;
    private GatesPanel panel;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fixture = new PanelFixture(new SameThreadTaskExecutor());
        panel = new GatesPanel(fixture.context);
        stage.setScene(new Scene(new StackPane(panel.view()), 850, 450));
        stage.show();
    }

    @AfterEach
    void resetTheme() throws Exception {
        fx(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void theForgetGateHeatmapShowsTheRecordedValuesAndColumnsAfterTheCursorAreNotFilled(FxRobot robot)
            throws Exception {
        fx(() -> fixture.record("char-lstm-lm", "hello world"));
        fx(() -> fixture.seek("rnn/l0/t3/forget_gate"));
        WaitForAsyncUtils.waitForFxEvents();
        Heatmap forget = robot.lookup("#gates-heatmap-forget_gate").queryAs(Heatmap.class);
        HeatmapData data = forget.getData();
        Trace trace = fixture.session.get().recording().trace();
        for (int t = 0; t < 11; t++) {
            String label = "rnn/l0/t" + t + "/forget_gate";
            List<TraceEvent> events = trace.events().stream()
                    .filter(e -> e.phase() == Phase.FORWARD && e.label().equals(label))
                    .toList();
            double[] recorded = events.get(events.size() - 1).value().toDoubleArray();
            for (int u = 0; u < data.rows(); u++) {
                assertThat(data.value(u, t)).as("unit %d, t %d", u, t).isEqualTo(recorded[u]);
            }
        }
        assertThat(forget.getVisibleColumns()).isEqualTo(4);
        assertThat(forget.getHighlightedColumn()).isEqualTo(3);

        Image picture = fx(() -> forget.snapshot(null, null));
        assertColour(pixelAtCentre(forget, picture, 10, 6), ColorMap.HIDDEN, "t6 is not computed yet");
        assertColour(pixelAtCentre(forget, picture, 10, 1), data.colorMap().color(data.value(10, 1)),
                "t1 shows its value");
        assertThat(robot.lookup(".gates-gate-title").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("forget gate");
        assertThat(robot.lookup(".gates-gate-formula").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("f_t = σ(W_f·[x_t, h_{t−1}] + b_f)");

        fx(() -> fixture.seek(Phase.BACKWARD, "decoder"));
        Image backward = fx(() -> forget.snapshot(null, null));
        assertColour(pixelAtCentre(forget, backward, 10, 6), data.colorMap().color(data.value(10, 6)),
                "in the backward phase every column is filled");
    }

    @Test
    void comparingShowsThreeModelsHiddenStatesSideBySide(FxRobot robot) throws Exception {
        fx(() -> fixture.record("char-gru-lm", "hello"));
        robot.clickOn("#gates-compare");
        WaitForAsyncUtils.waitForFxEvents();
        for (String cell : List.of("rnn", "lstm", "gru")) {
            Heatmap h = robot.lookup("#gates-compare-" + cell + "-hidden").queryAs(Heatmap.class);
            assertThat(h.getData().rows()).as(cell).isEqualTo(64);
            assertThat(h.getData().cols()).as(cell).isEqualTo(5);
            assertThat(h.isVisible()).isTrue();
        }
        assertThat(robot.lookup("#gates-compare-lstm-forget_gate").tryQuery()).isPresent();
        assertThat(robot.lookup("#gates-compare-gru-update_gate").tryQuery()).isPresent();
        assertThat(robot.lookup("#gates-compare-rnn .gates-rnn-note").queryAs(Label.class).getText())
                .startsWith("A plain RNN has no gate");
        double rnnX = robot.lookup("#gates-compare-rnn").queryAs(javafx.scene.Node.class).localToScene(0, 0).getX();
        double gruX = robot.lookup("#gates-compare-gru").queryAs(javafx.scene.Node.class).localToScene(0, 0).getX();
        assertThat(gruX).as("side by side").isGreaterThan(rnnX + 200);
        robot.clickOn("#gates-compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#gates-heatmap-update_gate").tryQuery()).isPresent();
    }

    @Test
    void aModelWithoutRecurrenceShowsWhyAndDisablesCompare(FxRobot robot) throws Exception {
        fx(() -> fixture.record("transformer-classifier", "good film"));
        WaitForAsyncUtils.waitForFxEvents();
        Label message = robot.lookup("#gates-message").queryAs(Label.class);
        assertThat(message.isVisible()).isTrue();
        assertThat(message.getText()).startsWith("transformer-classifier has no RNN, LSTM or GRU layer");
        assertThat(panel.available().get()).isFalse();
        assertThat(robot.lookup("#gates-compare").queryAs(javafx.scene.control.ToggleButton.class).isDisabled())
                .isTrue();
    }

    @Test
    void theFigureExportsAsPngAndTheNumbersAsCsv(@TempDir Path dir) throws Exception {
        fx(() -> fixture.record("char-rnn-lm", "abc"));
        fx(() -> fixture.seek("rnn/l0/t1/hidden"));
        fx(() -> {
            PanelExport.writePng(panel, dir.resolve("gates.png"));
            PanelExport.writeCsv(panel, dir.resolve("gates.csv"));
            return null;
        });
        Image png = new Image(dir.resolve("gates.png").toUri().toString());
        assertThat(png.getWidth()).isGreaterThan(300);
        List<String> csv = Files.readAllLines(dir.resolve("gates.csv"));
        assertThat(csv.get(0)).isEqualTo("gate,unit,t,value");
        assertThat(csv).hasSize(1 + 64 * 2).allMatch(l -> l.equals(csv.get(0)) || l.startsWith("hidden,"));
    }

    @Test
    void picturesToLookAt(FxRobot robot) throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        Path folder = Files.createDirectories(Path.of(dir));
        fx(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        fx(() -> fixture.record("char-lstm-lm", "hello world"));
        fx(() -> fixture.seek("rnn/l0/t3/forget_gate"));
        shoot(folder, "gates-lstm-t3.png");
        fx(() -> {
            PanelExport.writePng(panel, folder.resolve("gates-figure-export.png"));
            return null;
        });
        fx(() -> fixture.record("char-gru-lm", "hello world"));
        fx(() -> fixture.seek("rnn/l0/t6/update_gate"));
        shoot(folder, "gates-gru-t6.png");
        fx(() -> fixture.record("char-rnn-lm", "hello world"));
        fx(() -> fixture.seek("rnn/l0/t8/hidden"));
        shoot(folder, "gates-rnn-t8.png");
        fx(() -> fixture.record("bilstm-classifier", "good film"));
        fx(() -> fixture.seek("lstm/l0_reverse/t5/forget_gate"));
        shoot(folder, "gates-bilstm-reverse.png");
        fx(() -> fixture.recordIds("word-lstm-lm", 5, 6, 7, 8, 9, 10));
        shoot(folder, "gates-256-units.png");
        fx(() -> fixture.record("char-lstm-lm", "hello world"));
        fx(() -> fixture.seek("rnn/l0/t6/hidden"));
        robot.clickOn("#gates-compare");
        shoot(folder, "gates-compare.png");
        fx(() -> {
            Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
            fixture.i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        });
        shoot(folder, "gates-compare-dark-zh.png");
        robot.clickOn("#gates-compare");
        shoot(folder, "gates-lstm-dark-zh.png");
        fx(() -> fixture.record("transformer-classifier", "good film"));
        shoot(folder, "gates-unavailable-dark-zh.png");
    }

    private void shoot(Path folder, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            Snapshots.writePng(stage.getScene(), folder.resolve(name));
            return null;
        });
        assertThat(folder.resolve(name)).isNotEmptyFile();
    }

    // ---- helpers ----

    private static void assertColour(Color actual, Color expected, String what) {
        assertThat(Math.abs(actual.getRed() - expected.getRed())).as(what + ": red of " + actual).isLessThan(TOLERANCE);
        assertThat(Math.abs(actual.getGreen() - expected.getGreen())).as(what + ": green of " + actual)
                .isLessThan(TOLERANCE);
        assertThat(Math.abs(actual.getBlue() - expected.getBlue())).as(what + ": blue of " + actual)
                .isLessThan(TOLERANCE);
    }
}
