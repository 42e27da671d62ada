package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The panel tabs of the real window, headless: one tab per registry panel, opening by id, and Export. */
@ExtendWith(ApplicationExtension.class)
class PanelTabsTest {

    private TaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        window = App.openMainWindow(stage, executor, Language.ENGLISH, () -> { });
    }

    @AfterEach
    void close() {
        executor.close();
    }

    private void waitForTheGraph() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.debugger().cursorProperty().get() != null);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.currentPanel().csv().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyRegistryPanelHasATabInRegistryOrder(FxRobot robot) {
        TabPane tabs = robot.lookup("#panel-tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(t -> (String) t.getUserData())
                .containsExactlyElementsOf(Panels.standard().ids());
        assertThat(tabs.getTabs()).extracting(t -> t.getText()).startsWith("Graph", "Gates", "Gradient flow");
    }

    @Test
    void onlyThePanelInFrontIsBuiltBeforeTheWindowShowsTheOthersRightAfter() throws Exception {
        Stage second = WaitForAsyncUtils.asyncFx(() -> new Stage()).get(30, TimeUnit.SECONDS);
        MainWindow other = WaitForAsyncUtils.asyncFx(() -> new MainWindow(second, window.viewModel(), () -> { }))
                .get(30, TimeUnit.SECONDS);
        List<String> whenShown = WaitForAsyncUtils.asyncFx(() -> {
            other.show();
            return other.builtPanels();
        }).get(30, TimeUnit.SECONDS);
        try {
            assertThat(whenShown).as("built when show() returns").containsExactly("graph");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                    () -> other.builtPanels().size() == Panels.standard().ids().size());
            assertThat(other.builtPanels()).as("after the first frame").containsExactlyElementsOf(
                    Panels.standard().ids());
        } finally {
            WaitForAsyncUtils.asyncFx(second::close).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void tabsOfPanelsWithNothingForTheModelAreDimmedNotClosed(FxRobot robot) throws Exception {
        waitForTheGraph();
        TabPane tabs = robot.lookup("#panel-tabs").queryAs(TabPane.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> tabs.getTabs().get(3).getStyleClass().contains("unavailable"));
        assertThat(tabs.getTabs().get(3).getUserData()).isEqualTo("attention");
        assertThat(tabs.getTabs().get(1).getStyleClass()).as("gates on an LSTM").doesNotContain("unavailable");
        assertThat(tabs.getTabs().get(3).isDisable()).isFalse();
    }

    @Test
    void openPanelBringsThatTabToTheFront(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#panel-tabs").queryAs(TabPane.class);
        WaitForAsyncUtils.asyncFx(() -> window.openPanel("gradient-flow")).get(10, TimeUnit.SECONDS);
        assertThat(tabs.getSelectionModel().getSelectedItem().getUserData()).isEqualTo("gradient-flow");
        assertThat(window.currentPanel()).isSameAs(window.panel("gradient-flow").orElseThrow());
    }

    @Test
    void exportWritesThePanelInFrontAsPngAndCsv(@TempDir Path dir) throws Exception {
        waitForTheGraph();
        Path png = dir.resolve("graph.png");
        Path csv = dir.resolve("graph.csv");
        assertThat(WaitForAsyncUtils.asyncFx(() -> window.exportCurrent(png, false)).get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(WaitForAsyncUtils.asyncFx(() -> window.exportCurrent(csv, true)).get(20, TimeUnit.SECONDS)).isTrue();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(200);
        assertThat(image.getHeight()).isGreaterThan(100);
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("path,kind,ops,first_event,last_event,max_abs_value,max_abs_gradient\n");
        assertThat(text).contains("\nencoder,block,").contains("\nrnn,block,");
        assertThat(window.exportMessageProperty().get()).contains(csv.toAbsolutePath().toString());
    }

    @Test
    void exportIntoAMissingFolderSaysSoAndWritesNothing(@TempDir Path dir) throws Exception {
        waitForTheGraph();
        Path target = dir.resolve("no-such-folder").resolve("graph.csv");
        assertThat(WaitForAsyncUtils.asyncFx(() -> window.exportCurrent(target, true)).get(20, TimeUnit.SECONDS))
                .isFalse();
        assertThat(window.exportMessageProperty().get()).startsWith("Could not write ")
                .contains("Choose another folder");
        assertThat(Files.exists(target)).isFalse();
    }
}
