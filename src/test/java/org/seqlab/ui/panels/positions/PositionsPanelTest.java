package org.seqlab.ui.panels.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;
import static org.seqlab.ui.fx.FxTests.isColour;
import static org.seqlab.ui.fx.FxTests.pixelAtCentre;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.panels.PanelFixture;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;
import org.seqlab.ui.viz.skin.HeatmapSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The positional encoding view as drawn, headless: the similarity heatmap shows the computed cosines; clicks. */
@ExtendWith(ApplicationExtension.class)
class PositionsPanelTest {


    private PanelFixture fixture;
    private PositionsPanel panel;

    @Start
    void start(Stage stage) {
        fixture = new PanelFixture(new SameThreadTaskExecutor());
        panel = new PositionsPanel(fixture.context);
        stage.setScene(new Scene(new StackPane(panel.view()), 900, 500));
        stage.show();
    }

    @Test
    void theSimilarityHeatmapDrawsEachCosineInItsColourAndAClickChoosesAPosition(FxRobot robot) throws Exception {
        fx(() -> fixture.record("gpt-mini", "hello"));     // 32 learned positions: cells large enough to read
        Heatmap similarity = robot.lookup("#positions-similarity").queryAs(Heatmap.class);
        HeatmapData data = similarity.getData();
        assertThat(data.rows()).isEqualTo(32);
        fx(() -> panel.viewModel().selectedPositionProperty().set(31));   // its outline away from the cells read
        Image picture = fx(() -> similarity.snapshot(null, null));
        for (int[] cell : new int[][] {{3, 3}, {5, 20}, {12, 7}}) {
            Color actual = pixelAtCentre(similarity, picture, cell[0], cell[1]);
            Color expected = data.colorMap().color(panel.viewModel().encoding().orElseThrow()
                    .similarity(cell[0], cell[1]));
            assertThat(isColour(actual, expected)).as("cell %s: %s, expected %s", cell, actual, expected).isTrue();
        }
        Bounds cell = fx(() -> ((HeatmapSkin) similarity.getSkin()).cellBounds(6, 2).orElseThrow());
        Bounds scene = fx(() -> similarity.localToScreen(cell));
        robot.clickOn(scene.getCenterX(), scene.getCenterY());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(panel.viewModel().selectedPositionProperty().get()).isEqualTo(6);
        assertThat(robot.lookup("#positions-table").queryAs(Heatmap.class).getHighlightedRow()).isEqualTo(6);
        assertThat(robot.lookup("#positions-note").queryLabeled().getText()).startsWith("Position 6 is most like");
    }



}
