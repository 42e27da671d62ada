package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;
import static org.seqlab.ui.fx.FxTests.isColour;
import static org.seqlab.ui.fx.FxTests.pixelAtCentre;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.DebugSession;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.attention.AttentionPanel;
import org.seqlab.ui.panels.attention.AttentionViewModel.View;
import org.seqlab.ui.viz.ColorMap;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on a Transformer: choose the template in the model bar, open the attention panel, step, and
 * check that a head's heatmap is the recorded softmax (rows sum to 1) with its masked cells drawn as masked.
 */
@ExtendWith(ApplicationExtension.class)
class AttentionWindowTest {

    private static final String MODULE = "transformer/decoder/layers/1/self_attn/attn";

    private TaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        window = App.openMainWindow(stage, executor, Language.ENGLISH, () -> { }, "transformer-seq2seq",
                "attend", "attention");
    }

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void theAttentionPanelShowsTheRecordedWeightsOfAHeadWithTheCausalMask(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.debugger().cursorProperty().get() != null);
        assertThat(window.currentPanel()).isInstanceOf(AttentionPanel.class);
        AttentionPanel panel = (AttentionPanel) window.currentPanel();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> panel.available().get());

        Heatmap heatmap = robot.lookup("#attention-heatmap").queryAs(Heatmap.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> heatmap.getData() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(heatmap::getVisibleRows)).as("at event 1 no attention has run").isZero();

        fx(() -> window.debugger().runToEndOfPhase());         // the whole forward pass
        fx(() -> panel.viewModel().open(MODULE, View.head(0)));
        fx(() -> panel.viewModel().selectedQueryProperty().set(5));   // its row's outline away from the cells read
        DebugSession session = window.modelBar().sessionProperty().get();
        TraceEvent softmax = session.recording().trace().events().stream()
                .filter(e -> e.phase() == Phase.FORWARD && e.label().equals(MODULE + "/weights"))
                .findFirst().orElseThrow();
        double[] recorded = softmax.value().toDoubleArray();    // (1, 2, 6, 6): head 0 first
        HeatmapData data = heatmap.getData();
        assertThat(heatmap.getVisibleRows()).isEqualTo(-1);
        assertThat(data.rows()).isEqualTo(6);
        assertThat(data.columnLabel(1)).as("the decoder input: <bos>, then the target shifted right").isEqualTo("a");
        for (int t = 0; t < 6; t++) {
            double sum = 0;
            for (int s = 0; s < 6; s++) {
                assertThat(data.value(t, s)).isEqualTo(recorded[t * 6 + s]);
                assertThat(data.isMasked(t, s)).isEqualTo(s > t);
                sum += data.value(t, s);
            }
            assertThat(sum).isCloseTo(1, within(1e-5));
        }
        Image picture = fx(() -> heatmap.snapshot(null, null));
        Color masked = pixelAtCentre(heatmap, picture, 0, 5);
        assertThat(isColour(masked, ColorMap.MASKED) || isColour(masked, ColorMap.MASKED_HATCH))
                .as("masked cell " + masked).isTrue();
        Color shown = pixelAtCentre(heatmap, picture, 3, 1);
        assertThat(isColour(shown, data.colorMap().color(data.value(3, 1)))).as("weight cell " + shown).isTrue();
    }



}
