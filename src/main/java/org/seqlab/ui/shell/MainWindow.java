package org.seqlab.ui.shell;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import javafx.stage.Stage;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

/**
 * The main window shell: menu bar (File, View, Language, Help), a welcome area in the middle (the
 * step-through debugger takes its place in a later version) and a status bar. Every text is bound to
 * {@link I18n}, so switching the language relabels the window at once.
 */
public final class MainWindow {

    /** The root stylesheet: theme variables and the shell's styles, on top of the AtlantaFX theme. */
    static final String STYLESHEET = "/org/seqlab/ui/shell/seqlab.css";
    private static final int[] ICON_SIZES = {16, 32, 64, 128, 256};

    private final Stage stage;
    private final ShellViewModel viewModel;
    private final I18n i18n;
    private final Runnable quit;
    private final AboutDialog about;
    private Scene scene;

    /**
     * @param quit what File → Quit does (the app exits the platform)
     */
    public MainWindow(Stage stage, ShellViewModel viewModel, Runnable quit) {
        this.stage = Objects.requireNonNull(stage);
        this.viewModel = Objects.requireNonNull(viewModel);
        this.i18n = viewModel.i18n();
        this.quit = Objects.requireNonNull(quit);
        this.about = new AboutDialog(stage, viewModel);
    }

    public ShellViewModel viewModel() {
        return viewModel;
    }

    /** Builds the scene, applies the theme and shows the window. */
    public void show() {
        BorderPane root = new BorderPane();
        root.setId("main-window");
        root.setTop(menuBar());
        root.setCenter(welcome());
        root.setBottom(statusBar());

        scene = new Scene(root, 1120, 720);
        scene.getStylesheets().add(stylesheet());
        applyTheme(viewModel.themeProperty().get());
        viewModel.themeProperty().addListener((obs, old, theme) -> applyTheme(theme));

        stage.titleProperty().bind(i18n.text("app.title"));
        for (int size : ICON_SIZES) {
            stage.getIcons().add(icon(size));
        }
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.setScene(scene);
        stage.show();
    }

    /** The window's scene; {@code null} until {@link #show()}. */
    public Scene scene() {
        return scene;
    }

    /** Opens the About box (or brings it to the front). */
    public void showAbout() {
        about.show();
    }

    static String stylesheet() {
        return Objects.requireNonNull(MainWindow.class.getResource(STYLESHEET), STYLESHEET).toExternalForm();
    }

    static Image icon(int size) {
        String path = "/org/seqlab/ui/shell/seqlab-icon-" + size + ".png";
        return new Image(Objects.requireNonNull(MainWindow.class.getResource(path), path).toExternalForm());
    }

    private static void applyTheme(Theme theme) {
        Application.setUserAgentStylesheet(theme.userAgentStylesheet());
    }

    private MenuBar menuBar() {
        MenuItem quitItem = item("menu-quit", "menu.file.quit");
        quitItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quitItem.setOnAction(e -> quit.run());
        Menu file = menu("menu-file", "menu.file", quitItem);

        RadioMenuItem light = radio("menu-theme-light", Theme.LIGHT.nameKey(), Theme.LIGHT);
        RadioMenuItem dark = radio("menu-theme-dark", Theme.DARK.nameKey(), Theme.DARK);
        bindChoice(viewModel.themeProperty(), new ToggleGroup(), light, dark);
        Menu view = menu("menu-view", "menu.view", light, dark);

        RadioMenuItem english = radio("menu-language-en", Language.ENGLISH.nameKey(), Language.ENGLISH);
        RadioMenuItem chinese = radio("menu-language-zh-cn", Language.SIMPLIFIED_CHINESE.nameKey(),
                Language.SIMPLIFIED_CHINESE);
        bindChoice(viewModel.languageProperty(), new ToggleGroup(), english, chinese);
        Menu language = menu("menu-language", "menu.language", english, chinese);

        MenuItem aboutItem = item("menu-about", "menu.help.about");
        aboutItem.setOnAction(e -> showAbout());
        Menu help = menu("menu-help", "menu.help", aboutItem);

        MenuBar bar = new MenuBar(file, view, language, help);
        bar.setId("main-menu");
        return bar;
    }

    private Region welcome() {
        ImageView logo = new ImageView(icon(128));
        logo.setFitWidth(96);
        logo.setFitHeight(96);
        logo.setSmooth(true);

        Label title = centered(label("welcome-title", "welcome.title"));
        title.getStyleClass().add(Styles.TITLE_1);
        Label lead = centered(label("welcome-lead", "welcome.lead"));
        lead.getStyleClass().add("welcome-lead");
        Label now = centered(label("welcome-now", "welcome.now"));
        now.getStyleClass().add(Styles.TEXT_MUTED);
        Label next = centered(label("welcome-next", "welcome.next"));
        next.getStyleClass().add("welcome-next");

        VBox card = new VBox(logo, title, lead, now, next);
        card.getStyleClass().add("welcome-card");
        card.setAlignment(Pos.TOP_CENTER);
        card.setMaxWidth(Region.USE_PREF_SIZE);
        card.setMaxHeight(Region.USE_PREF_SIZE);

        StackPane area = new StackPane(card);
        area.setId("welcome");
        area.getStyleClass().add("welcome");
        return area;
    }

    private Region statusBar() {
        Label status = new Label();
        status.setId("status-text");
        status.textProperty().bind(viewModel.statusText());
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);

        Label version = new Label();
        version.setId("status-version");
        version.textProperty().bind(
                i18n.text("status.version", new SimpleStringProperty(viewModel.seqlabVersion())));

        HBox bar = new HBox(status, version);
        bar.setId("status-bar");
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Label label(String id, String key) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(i18n.text(key));
        return label;
    }

    private static Label centered(Label label) {
        label.setWrapText(true);
        label.setTextAlignment(TextAlignment.CENTER);
        label.setAlignment(Pos.CENTER);
        label.setMaxWidth(Double.MAX_VALUE);
        return label;
    }

    private Menu menu(String id, String key, MenuItem... items) {
        Menu menu = new Menu();
        menu.setId(id);
        menu.textProperty().bind(i18n.text(key));
        menu.getItems().addAll(items);
        return menu;
    }

    private MenuItem item(String id, String key) {
        MenuItem item = new MenuItem();
        item.setId(id);
        item.textProperty().bind(i18n.text(key));
        return item;
    }

    private RadioMenuItem radio(String id, String key, Object value) {
        RadioMenuItem item = new RadioMenuItem();
        item.setId(id);
        item.textProperty().bind(i18n.text(key));
        item.setUserData(value);
        return item;
    }

    /** Keeps a group of radio items and a property in step, both ways. */
    private static <T> void bindChoice(ObjectProperty<T> property, ToggleGroup group,
            RadioMenuItem... items) {
        for (RadioMenuItem item : items) {
            item.setToggleGroup(group);
            item.setSelected(item.getUserData() == property.get());
        }
        group.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                group.selectToggle(old); // a radio menu stays chosen
                return;
            }
            @SuppressWarnings("unchecked")
            T value = (T) toggle.getUserData();
            property.set(value);
        });
        property.addListener((obs, old, value) -> {
            for (Toggle toggle : group.getToggles()) {
                if (toggle.getUserData() == value) {
                    group.selectToggle(toggle);
                }
            }
        });
    }
}
