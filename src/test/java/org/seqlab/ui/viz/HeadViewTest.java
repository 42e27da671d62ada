package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The head view widget, headless: a line per attended pair, the selected query in front, masks, clicks. */
@ExtendWith(ApplicationExtension.class)
class HeadViewTest {

    private static final List<String> TOKENS = List.of("a", "b", "c");
    private static final double[][] WEIGHTS = {{1, 0, 0}, {0.25, 0.75, 0}, {0.2, 0.005, 0.795}};
    private static final boolean[][] CAUSAL = HeatmapData.causalMask(3);

    private HeadView view;

    @Start
    void start(Stage stage) {
        view = new HeadView(new HeadViewData(TOKENS, TOKENS, WEIGHTS, CAUSAL, "queries", "keys"));
        view.setId("head");
        stage.setScene(new Scene(new StackPane(view), 420, 240));
        stage.show();
    }

    private static List<String> drawn(FxRobot robot) {
        return robot.lookup(".head-line").queryAllAs(Line.class).stream().map(l -> (String) l.getUserData())
                .toList();
    }

    @Test
    void everyUnmaskedPairWithAVisibleWeightHasALine(FxRobot robot) {
        // 0.005 is below MIN_WEIGHT; zeros and masked pairs draw nothing
        assertThat(drawn(robot)).containsExactlyInAnyOrder("0,0", "1,0", "1,1", "2,0", "2,2");
        assertThat(view.lineOpacity(1, 1)).isGreaterThan(view.lineOpacity(1, 0));
        assertThat(view.lineOpacity(0, 1)).as("masked").isZero();
    }

    @Test
    void clickingAQueryTokenSelectsItAndItsKeysShowTheirWeights(FxRobot robot) throws Exception {
        Label b = robot.lookup(".head-token.query").queryAllAs(Label.class).stream()
                .filter(l -> l.getText().equals("b")).findFirst().orElseThrow();
        robot.clickOn(b);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getSelectedQuery()).isEqualTo(1);
        assertThat(robot.lookup(".head-weight").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("0.25", "0.75", "masked");
        assertThat(robot.lookup(".head-token.key.masked").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("c");
        List<Line> lines = robot.lookup(".head-line").queryAllAs(Line.class).stream().toList();
        Line last = lines.get(lines.size() - 1);
        assertThat(((String) last.getUserData())).as("the selected query's lines are drawn on top").startsWith("1,");
        assertThat(last.getStroke()).isEqualTo(HeadView.SELECTED);
        assertThat(view.lineOpacity(2, 0)).as("another query is faint").isLessThan(0.12 + 1e-9);

        WaitForAsyncUtils.asyncFx(() -> view.setVisibleRows(1)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(drawn(robot)).containsExactly("0,0");
    }

    @Test
    void dataOfTheWrongShapeIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> new HeadViewData(TOKENS, TOKENS, new double[2][3], null, "", ""))
                .hasMessageContaining("one row of weights per query token: 3 tokens, 2 rows");
        assertThatThrownBy(() -> new HeadViewData(TOKENS, List.of("x"), WEIGHTS, null, "", ""))
                .hasMessageContaining("Row 0 of the weights has 3 values; there are 1 key tokens");
    }
}
