package org.seqlab.ui.panels.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;
import static org.seqlab.ui.fx.FxTests.isColour;
import static org.seqlab.ui.fx.FxTests.pixelAtCentre;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.panels.PanelExport;
import org.seqlab.ui.panels.PanelFixture;
import org.seqlab.ui.panels.attention.AttentionViewModel.View;
import org.seqlab.ui.viz.ColorMap;
import org.seqlab.ui.viz.HeadView;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The attention panel as drawn, headless (Monocle), at about the size it gets in the window: on a Transformer,
 * a head's heatmap is the recorded softmax (rows sum to 1) and its masked cells are drawn as masked, not as a
 * weight near zero; thumbnails open a head; the head view draws the chosen query's lines; export.
 */
@ExtendWith(ApplicationExtension.class)
class AttentionPanelTest {

    private static final String DECODER_SELF = "transformer/decoder/layers/0/self_attn/attn";

    private PanelFixture fixture;
    private AttentionPanel panel;

    @Start
    void start(Stage stage) {
        fixture = new PanelFixture(new SameThreadTaskExecutor());
        panel = new AttentionPanel(fixture.context);
        stage.setScene(new Scene(new StackPane(panel.view()), 1100, 520));
        stage.show();
    }

    @Test
    void aCausalHeadsHeatmapIsTheRecordedSoftmaxWithItsMaskDrawnAsMasked(FxRobot robot) throws Exception {
        fx(() -> fixture.record("transformer-seq2seq", "hello"));
        fx(() -> fixture.seek(Phase.BACKWARD, DECODER_SELF + "/weights"));
        fx(() -> panel.viewModel().open(DECODER_SELF, View.head(1)));
        Heatmap heatmap = robot.lookup("#attention-heatmap").queryAs(Heatmap.class);
        HeatmapData data = heatmap.getData();
        TraceEvent softmax = fixture.session.get().recording().trace().events().stream()
                .filter(e -> e.phase() == Phase.FORWARD && e.label().equals(DECODER_SELF + "/weights"))
                .findFirst().orElseThrow();
        double[] recorded = softmax.value().toDoubleArray();    // (1, 2, 5, 5)
        for (int t = 0; t < 5; t++) {
            double sum = 0;
            for (int s = 0; s < 5; s++) {
                assertThat(data.value(t, s)).isEqualTo(recorded[(5 + t) * 5 + s]);
                assertThat(data.isMasked(t, s)).isEqualTo(s > t);
                sum += data.value(t, s);
            }
            assertThat(sum).as("row %d", t).isCloseTo(1, within(1e-6));
        }
        assertThat(heatmap.getVisibleRows()).isEqualTo(-1);

        Image picture = fx(() -> heatmap.snapshot(null, null));
        Color masked = pixelAtCentre(heatmap, picture, 0, 4);
        assertThat(isColour(masked, ColorMap.MASKED) || isColour(masked, ColorMap.MASKED_HATCH))
                .as("a masked cell is grey or its hatching, not the colour of 0: " + masked).isTrue();
        assertThat(isColour(masked, data.colorMap().color(0))).isFalse();
        Color visible = pixelAtCentre(heatmap, picture, 4, 1);
        assertThat(isColour(visible, data.colorMap().color(data.value(4, 1))))
                .as("an unmasked cell has its weight's colour: " + visible).isTrue();
    }

    @Test
    void beforeTheCursorReachesAModuleItsRowsAreNotComputed(FxRobot robot) throws Exception {
        fx(() -> fixture.record("transformer-seq2seq", "hello"));
        fx(() -> fixture.seek(DECODER_SELF + "/scores"));
        Heatmap heatmap = robot.lookup("#attention-heatmap").queryAs(Heatmap.class);
        assertThat(panel.viewModel().selectedMapProperty().get()).isEqualTo(DECODER_SELF);
        assertThat(heatmap.getVisibleRows()).isZero();
        Image before = fx(() -> heatmap.snapshot(null, null));
        assertThat(isColour(pixelAtCentre(heatmap, before, 3, 1), ColorMap.HIDDEN)).isTrue();
        assertThat(robot.lookup("#attention-kind").queryLabeled().getText()).contains("0 of 5 query rows");

        fx(() -> fixture.seek(DECODER_SELF + "/weights"));
        Image after = fx(() -> heatmap.snapshot(null, null));
        HeatmapData data = heatmap.getData();
        assertThat(isColour(pixelAtCentre(heatmap, after, 3, 1), data.colorMap().color(data.value(3, 1)))).isTrue();
    }

    @Test
    void aThumbnailOpensItsHeadAndTheHeadViewDrawsTheChosenQuerysLines(FxRobot robot) throws Exception {
        fx(() -> fixture.record("gpt-mini", "hello"));
        fx(() -> fixture.seek(Phase.BACKWARD, "transformer/h/1/attn/heads/weights"));
        robot.clickOn("#attention-thumb-1-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(panel.viewModel().selectedMapProperty().get()).isEqualTo("transformer/h/1/attn/heads");
        assertThat(panel.viewModel().selectedViewProperty().get()).isEqualTo(View.head(1));
        assertThat(robot.lookup("#attention-thumb-1-1").queryAs(Node.class).getStyleClass()).contains("selected");

        fx(() -> panel.viewModel().selectedQueryProperty().set(2));
        HeadView head = robot.lookup("#attention-headview").queryAs(HeadView.class);
        List<Line> lines = robot.lookup(".head-line").queryAllAs(Line.class).stream().toList();
        double[][] w = panel.viewModel().map().orElseThrow().head(1);
        for (Line l : lines) {
            String[] ts = ((String) l.getUserData()).split(",");
            int t = Integer.parseInt(ts[0]);
            int s = Integer.parseInt(ts[1]);
            assertThat(s).as("causal: no line to a later key").isLessThanOrEqualTo(t);
            assertThat(l.getOpacity()).isEqualTo(head.lineOpacity(t, s));
            assertThat(l.getStroke()).isEqualTo(t == 2 ? HeadView.SELECTED : HeadView.LINE);
        }
        long selectedLines = lines.stream().filter(l -> ((String) l.getUserData()).startsWith("2,")).count();
        long expected = 0;
        for (int s = 0; s <= 2; s++) {
            expected += w[2][s] >= HeadView.MIN_WEIGHT ? 1 : 0;
        }
        assertThat(selectedLines).isEqualTo(expected);
        assertThat(panel.nodes().table().getItems()).hasSize(5);
    }

    @Test
    void exportWritesTheFigureAndEveryWeight(@TempDir Path dir) throws Exception {
        fx(() -> fixture.record("transformer-seq2seq", "abc"));
        fx(() -> fixture.seek(Phase.BACKWARD, DECODER_SELF + "/weights"));
        Path png = dir.resolve("attention.png");
        Path csv = dir.resolve("attention.csv");
        fx(() -> {
            try {
                PanelExport.writePng(panel, png);
                PanelExport.writeCsv(panel, csv);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(Files.readAllLines(csv)).hasSize(1 + 6 * 2 * 3 * 3);
    }



}
