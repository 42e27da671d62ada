package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.SeqLabVersion;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window shell as a user meets it, headless (Monocle): the same assembly as the app, the
 * real task executor and the real ND4J backend.
 *
 * <p>Run with {@code -Dseqlab.screenshots=DIR} to also write PNGs of the window and the About box
 * into DIR, to look at.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private Stage stage;
    private TaskExecutor executor;
    private MainWindow window;
    private final AtomicBoolean quitRequested = new AtomicBoolean();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        executor = new FxTaskExecutor();
        window = App.openMainWindow(stage, executor, Language.ENGLISH, () -> quitRequested.set(true));
    }

    @Stop
    void stop() {
        executor.close();
    }

    @Test
    void windowIsTitledSeqLab() {
        assertThat(stage.getTitle()).isEqualTo("SeqLab");
        assertThat(stage.isShowing()).isTrue();
        assertThat(stage.getIcons()).isNotEmpty();
    }

    @Test
    void menuBarHasFileViewLanguageAndHelp(FxRobot robot) {
        assertThat(menuTexts(robot)).containsExactly("_File", "_View", "_Language", "_Help");
        assertThat(menu(robot, "menu-file").getItems()).extracting(item -> item.getId()).containsExactly("menu-quit");
        assertThat(menu(robot, "menu-view").getItems()).extracting(item -> item.getText())
                .containsExactly("_Light theme", "_Dark theme", null, "_Gallery of widgets and panels");
        assertThat(menu(robot, "menu-language").getItems()).extracting(item -> item.getText())
                .containsExactly("English", "简体中文");
        assertThat(menu(robot, "menu-help").getItems()).extracting(item -> item.getText())
                .containsExactly("_About SeqLab");
    }

    @Test
    void theDebuggerTakesTheMiddleOfTheWindow(FxRobot robot) {
        assertThat(robot.lookup("#modelbar").tryQuery()).isPresent();
        assertThat(robot.lookup("#debugger-trace").tryQuery()).isPresent();
        assertThat(robot.lookup("#inspector").tryQuery()).isPresent();
        assertThat(robot.lookup("#debugger-bar").tryQuery()).isPresent();
        assertThat(robot.lookup("#debugger-step").queryButton().getText()).isEqualTo("Step");
    }

    @Test
    void choosingSimplifiedChineseRelabelsTheWindowLive(FxRobot robot) {
        openMenu(robot, "menu-language");
        robot.clickOn("#menu-language-zh-cn");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(menuTexts(robot)).containsExactly("文件(_F)", "视图(_V)", "语言(_L)", "帮助(_H)");
        assertThat(robot.lookup("#debugger-step").queryButton().getText()).isEqualTo("单步");
        assertThat(window.viewModel().languageProperty().get()).isEqualTo(Language.SIMPLIFIED_CHINESE);
        assertThat(stage.getTitle()).isEqualTo("SeqLab");

        openMenu(robot, "menu-language");
        robot.clickOn("#menu-language-en");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(menuTexts(robot)).containsExactly("_File", "_View", "_Language", "_Help");
    }

    @Test
    void darkThemeMenuItemSwitchesTheTheme(FxRobot robot) {
        openMenu(robot, "menu-view");
        robot.clickOn("#menu-theme-dark");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(window.viewModel().themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");

        openMenu(robot, "menu-view");
        robot.clickOn("#menu-theme-light");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).contains("primer-light");
    }

    @Test
    void quitMenuItemQuits(FxRobot robot) {
        openMenu(robot, "menu-file");
        robot.clickOn("#menu-quit");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(quitRequested).isTrue();
    }

    @Test
    void aboutShowsTheVersionsAndThenTheNd4jBackend(FxRobot robot) throws Exception {
        openMenu(robot, "menu-help");
        robot.clickOn("#menu-about");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(text(robot, "#about-seqlab-version")).isEqualTo(SeqLabVersion.current());
        assertThat(text(robot, "#about-java-version")).startsWith(System.getProperty("java.version"));
        assertThat(text(robot, "#about-javafx-version"))
                .isEqualTo(System.getProperty("javafx.runtime.version"))
                .startsWith("21.");
        // "loading…" until the backend has loaded in the background, then its summary
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text(robot, "#about-nd4j-backend").startsWith("ND4J "));
        assertThat(text(robot, "#about-nd4j-backend")).matches("ND4J \\S+ \\(\\w+, \\w+ \\w+, \\d+ cores\\)");
        assertThat(robot.lookup("#status-text").queryAs(Label.class).getText()).startsWith("Ready. ND4J ");

        DialogPane about = robot.lookup("#about-dialog").queryAs(DialogPane.class);
        assertThat(about.getHeaderText()).isEqualTo("SeqLab");
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : new String[] {"#about-nd4j-backend", "#about-java-version"}) {
            Label line = robot.lookup(id).queryAs(Label.class);
            assertThat(line.getWidth()).as("%s is shown whole, not cut", id)
                    .isGreaterThanOrEqualTo(line.prefWidth(-1) - 0.5);
            assertThat(line.localToScene(line.getLayoutBounds()).getMaxX())
                    .as("%s fits in the box", id).isLessThanOrEqualTo(about.getScene().getWidth() + 0.5);
        }
        Image picture = WaitForAsyncUtils.asyncFx(() -> about.snapshot(null, null)).get(10, TimeUnit.SECONDS);
        assertThat(distinctColours(picture)).as("the About box is drawn, not blank").isGreaterThan(10);
    }

    /** Pictures to look at (and for the README): only with {@code -Dseqlab.screenshots=DIR}. */
    @Test
    void screenshotsOfTheWindowAndTheAboutBox(FxRobot robot) throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        Path folder = Files.createDirectories(Path.of(dir));
        openMenu(robot, "menu-help");
        robot.clickOn("#menu-about");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text(robot, "#about-nd4j-backend").startsWith("ND4J "));
        DialogPane about = robot.lookup("#about-dialog").queryAs(DialogPane.class);
        snapshot(window.scene().getRoot(), folder.resolve("main-window.png"));
        snapshot(about, folder.resolve("about.png"));

        WaitForAsyncUtils.asyncFx(() -> {
            window.viewModel().themeProperty().set(Theme.DARK);
            window.viewModel().languageProperty().set(Language.SIMPLIFIED_CHINESE);
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(window.scene().getRoot(), folder.resolve("main-window-dark-zh.png"));
        snapshot(about, folder.resolve("about-dark-zh.png"));
    }

    private static void snapshot(Node node, Path file) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Snapshots.writePng(node, file);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private static long distinctColours(Image image) {
        PixelReader pixels = image.getPixelReader();
        return java.util.stream.IntStream.range(0, (int) image.getWidth() * (int) image.getHeight())
                .map(i -> pixels.getArgb(i % (int) image.getWidth(), i / (int) image.getWidth()))
                .distinct().limit(1000).count();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static MenuBar menuBar(FxRobot robot) {
        return robot.lookup("#main-menu").queryAs(MenuBar.class);
    }

    private static List<String> menuTexts(FxRobot robot) {
        return menuBar(robot).getMenus().stream().map(Menu::getText).collect(Collectors.toList());
    }

    private static Menu menu(FxRobot robot, String id) {
        return menuBar(robot).getMenus().stream().filter(m -> id.equals(m.getId())).findFirst().orElseThrow();
    }

    /** Clicks a menu in the bar as a user would (the bar's buttons carry the menu's text, not its id). */
    private static void openMenu(FxRobot robot, String id) {
        String text = menu(robot, id).getText();
        Node button = robot.lookup(".menu-bar .menu-button").match((Node n) -> n instanceof MenuButton
                && text.equals(((MenuButton) n).getText())).query();
        robot.clickOn(button);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
