package org.seqlab.ui.shell;

import java.util.Objects;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.seqlab.debug.DebugSession;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.debugger.DebuggerView;
import org.seqlab.ui.panels.debugger.DebuggerViewModel;
import org.seqlab.ui.panels.inspector.InspectorView;
import org.seqlab.ui.panels.inspector.InspectorViewModel;
import org.seqlab.ui.panels.modelbar.ModelBarView;
import org.seqlab.ui.panels.modelbar.ModelBarViewModel;
import org.seqlab.ui.viz.GraphView;

/**
 * The main window: menu bar (File, View, Language, Help), the step-through debugger in the middle (model
 * and input bar on top, the trace list in the centre, the inspector on the right, the debugger bar at the
 * bottom) and a status bar. The centre shows the model as blocks ({@link GraphView}) above the trace list.
 * The shell wires the panels together; they do not know each other. Every text is bound to
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
    private final ModelBarViewModel modelBar;
    private final DebuggerViewModel debugger;
    private final InspectorViewModel inspector;
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
        this.modelBar = new ModelBarViewModel(viewModel.executor());
        this.debugger = new DebuggerViewModel(i18n);
        this.inspector = new InspectorViewModel(i18n, viewModel.executor());
        wirePanels();
    }

    public ModelBarViewModel modelBar() {
        return modelBar;
    }

    public DebuggerViewModel debugger() {
        return debugger;
    }

    public InspectorViewModel inspector() {
        return inspector;
    }

    /** Records the default model on the default sentence, in the background. */
    public void recordDefault() {
        modelBar.record();
    }

    private void wirePanels() {
        modelBar.revisionProperty().addListener((obs, o, n) -> {
            DebugSession s = modelBar.sessionProperty().get();
            inspector.setContext(s.recording().trace(), s.recording().parameters(), modelBar.tokensProperty().get());
            debugger.setSession(s);
            inspector.setEvent(s.cursor().event());
        });
        debugger.lockedProperty().bind(modelBar.busyProperty()); // no cursor moves while the session re-records
        debugger.cursorProperty().addListener((obs, o, c) -> inspector.setEvent(c == null ? null : c.event()));
    }

    public ShellViewModel viewModel() {
        return viewModel;
    }

    /** Builds the scene, applies the theme and shows the window. */
    public void show() {
        BorderPane root = new BorderPane();
        root.setId("main-window");
        root.setTop(menuBar());
        DebuggerView debuggerView = new DebuggerView(debugger, i18n);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds(); // never larger than the screen
        BorderPane lab = new BorderPane();
        lab.setId("debugger-window");
        lab.setTop(new ModelBarView(modelBar, i18n).build());
        GraphView graphView = new GraphView(i18n, viewModel.executor());
        graphView.setId("graph-view");
        graphView.graphProperty().bind(modelBar.graphProperty());
        debugger.cursorProperty().addListener((obs, o, c) -> graphView.setCursorEvent(c == null ? -1 : c.position()));
        SplitPane centre = new SplitPane(graphView, debuggerView.buildTraceList());
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.45);
        lab.setCenter(centre);
        lab.setRight(new InspectorView(inspector, i18n).build());
        lab.setBottom(debuggerView.buildBar());
        root.setCenter(lab);
        root.setBottom(statusBar());

        scene = new Scene(root, Math.min(1400, screen.getWidth()), Math.min(880, screen.getHeight()));
        debuggerView.installShortcuts(scene);
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
