package org.seqlab.ui.shell;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelExport;
import org.seqlab.ui.panels.PanelRegistry;
import org.seqlab.ui.panels.PanelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javafx.application.Application;
import javafx.application.Platform;
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
import javafx.scene.control.SeparatorMenuItem;
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
import org.seqlab.ui.fx.Tabs;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.debugger.DebuggerView;
import org.seqlab.ui.panels.debugger.DebuggerViewModel;
import org.seqlab.ui.panels.inspector.InspectorView;
import org.seqlab.ui.panels.inspector.InspectorViewModel;
import org.seqlab.ui.panels.modelbar.ModelBarView;
import org.seqlab.ui.panels.modelbar.ModelBarViewModel;

/**
 * The main window: menu bar (File, View, Language, Help), the step-through debugger in the middle (model
 * and input bar on top, the trace list in the centre, the inspector on the right, the debugger bar at the
 * bottom) and a status bar. The centre shows the registry's panels as tabs (the model as blocks first, then gates,
 * gradient flow, attention, positions) above the trace list; the export menu writes the panel in front.
 * The shell wires the panels together; they do not know each other. Every text is bound to
 * {@link I18n}, so switching the language relabels the window at once.
 */
public final class MainWindow {

    /** The root stylesheet: theme variables and the shell's styles, on top of the AtlantaFX theme. */
    static final String STYLESHEET = "/org/seqlab/ui/shell/seqlab.css";
    private static final int[] ICON_SIZES = {16, 32, 64, 128, 256};
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);

    private final Stage stage;
    private final ShellViewModel viewModel;
    private final I18n i18n;
    private final Runnable quit;
    private final AboutDialog about;
    private final ModelBarViewModel modelBar;
    private final DebuggerViewModel debugger;
    private final InspectorViewModel inspector;
    private final PanelRegistry registry;
    private final Map<String, Panel> panels = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper(this, "exportMessage", "");
    private TabPane panelTabs;
    private Scene scene;

    /**
     * @param quit what File → Quit does (the app exits the platform)
     */
    public MainWindow(Stage stage, ShellViewModel viewModel, Runnable quit) {
        this(stage, viewModel, quit, Panels.standard());
    }

    /**
     * @param quit what File → Quit does (the app exits the platform)
     * @param registry the panels the window shows, as tabs in this order
     */
    public MainWindow(Stage stage, ShellViewModel viewModel, Runnable quit, PanelRegistry registry) {
        this.stage = Objects.requireNonNull(stage);
        this.viewModel = Objects.requireNonNull(viewModel);
        this.i18n = viewModel.i18n();
        this.quit = Objects.requireNonNull(quit);
        this.about = new AboutDialog(stage, viewModel);
        this.modelBar = new ModelBarViewModel(viewModel.executor());
        this.debugger = new DebuggerViewModel(i18n);
        this.inspector = new InspectorViewModel(i18n, viewModel.executor());
        this.registry = Objects.requireNonNull(registry);
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

    /** What every registry panel sees of this window. */
    PanelContext panelContext() {
        return new PanelContext(i18n, viewModel.executor(), modelBar.sessionProperty(), modelBar.revisionProperty(),
                debugger.cursorProperty(), modelBar.tokensProperty(), modelBar.recordedModelProperty());
    }

    /** The panel with this id (built now if it had not been yet), once the window is shown. */
    public Optional<Panel> panel(String id) {
        if (panelTabs != null && registry.get(id).isPresent()) {
            ensurePanel(id);
        }
        return Optional.ofNullable(panels.get(id));
    }

    /** The ids of the panels built so far, in the order they were built (tests). */
    List<String> builtPanels() {
        return List.copyOf(panels.keySet());
    }

    /** Builds the panel {@code id} and puts it in its tab, unless it is built already. */
    private void ensurePanel(String id) {
        if (panels.containsKey(id)) {
            return;
        }
        PanelSpec spec = registry.get(id).orElseThrow();
        Panel panel = spec.create(panelContext());
        panels.put(id, panel);
        for (Tab tab : panelTabs.getTabs()) {
            if (id.equals(tab.getUserData())) {
                Tabs.setContentInSceneOnlyWhenSelected(tab, panel.view());
                // a panel with nothing for this model stays open to say why, its tab title dimmed
                panel.available().addListener((obs, o, n) -> markAvailable(tab, n));
                markAvailable(tab, panel.available().get());
            }
        }
    }

    /**
     * Builds the panels not in front once the window has drawn its first frame, one FX task each, so that the
     * window shows without waiting for them (they follow the session from when they are built).
     */
    private void buildOtherPanelsAfterFirstFrame() {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            for (String id : registry.ids()) {
                Platform.runLater(() -> ensurePanel(id));
            }
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    /** Brings the panel with this id to the front (what a lesson does to open a panel). */
    public void openPanel(String id) {
        if (registry.get(id).isEmpty()) {
            throw new IllegalArgumentException("No panel has the id \"" + id + "\"; the panels are " + registry.ids());
        }
        for (Tab tab : panelTabs.getTabs()) {
            if (id.equals(tab.getUserData())) {
                panelTabs.getSelectionModel().select(tab);
            }
        }
    }

    /** The panel in front. */
    public Panel currentPanel() {
        return panel((String) panelTabs.getSelectionModel().getSelectedItem().getUserData()).orElseThrow();
    }

    /** The last export's result in one line (where it was written, or why it failed), or empty. */
    public ReadOnlyStringProperty exportMessageProperty() {
        return exportMessage.getReadOnlyProperty();
    }

    /** Writes the panel in front's figure as PNG ({@code csv} false) or its numbers as CSV, and says so. */
    public boolean exportCurrent(Path file, boolean csv) {
        Panel panel = currentPanel();
        try {
            if (csv) {
                PanelExport.writeCsv(panel, file);
            } else {
                PanelExport.writePng(panel, file);
            }
            exportMessage.set(i18n.format("export.done", file.toAbsolutePath().toString()));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Export to {} failed", file, e);
            exportMessage.set(i18n.format("export.failed", file.toAbsolutePath().toString(),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return false;
        }
    }

    /** The panels as tabs (graph, gates, gradient flow, attention, positions), with the export menu at the right. */
    private static void markAvailable(Tab tab, boolean available) {
        tab.getStyleClass().remove("unavailable");
        if (!available) {
            tab.getStyleClass().add("unavailable");
        }
    }

    private Region panelArea() {
        panelTabs = new TabPane();
        panelTabs.setId("panel-tabs");
        panelTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (PanelSpec spec : registry.all()) {
            Tab tab = new Tab();
            tab.setId("tab-" + spec.id());
            tab.setUserData(spec.id());
            tab.textProperty().bind(i18n.text(spec.titleKey()));
            panelTabs.getTabs().add(tab);
        }
        panelTabs.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> {
            exportMessage.set("");
            if (n != null) {
                ensurePanel((String) n.getUserData());
            }
        });
        // only the panel in front is built before the window shows; the others right after (or when first asked
        // for), and only the panel in front is in the scene: hidden panels pay no CSS or layout pass
        ensurePanel((String) panelTabs.getSelectionModel().getSelectedItem().getUserData());

        MenuItem png = item("export-png", "export.png");
        png.setOnAction(e -> chooseAndExport(false));
        MenuItem csv = item("export-csv", "export.csv");
        csv.setOnAction(e -> chooseAndExport(true));
        MenuButton export = new MenuButton();
        export.setId("export-menu");
        export.textProperty().bind(i18n.text("export.menu"));
        export.getItems().addAll(png, csv);
        export.getStyleClass().add("small");
        Label message = new Label();
        message.setId("export-message");
        message.getStyleClass().add("export-message");
        message.textProperty().bind(exportMessage);
        message.setMaxWidth(360);
        HBox tools = new HBox(6, message, export);
        tools.setAlignment(Pos.CENTER_RIGHT);
        tools.setPickOnBounds(false);
        tools.setMaxHeight(Region.USE_PREF_SIZE);
        tools.setMaxWidth(Region.USE_PREF_SIZE);
        tools.setPadding(new Insets(3, 6, 0, 0));
        StackPane area = new StackPane(panelTabs, tools);
        StackPane.setAlignment(tools, Pos.TOP_RIGHT);
        return area;
    }

    private void chooseAndExport(boolean csv) {
        String id = (String) panelTabs.getSelectionModel().getSelectedItem().getUserData();
        FileChooser chooser = new FileChooser();
        chooser.setTitle(i18n.get(csv ? "export.chooser.csv" : "export.chooser.png"));
        chooser.setInitialFileName("seqlab-" + id + (csv ? ".csv" : ".png"));
        chooser.getExtensionFilters().add(csv
                ? new FileChooser.ExtensionFilter("CSV", "*.csv")
                : new FileChooser.ExtensionFilter("PNG", "*.png"));
        java.io.File file = chooser.showSaveDialog(stage);
        if (file != null) {
            exportCurrent(file.toPath(), csv);
        }
    }

    /** Builds the scene, applies the theme and shows the window. */
    public void show() {
        // the theme first: the first control made otherwise loads JavaFX's own Modena theme, only to drop it
        applyTheme(viewModel.themeProperty().get());
        BorderPane root = new BorderPane();
        root.setId("main-window");
        root.setTop(menuBar());
        DebuggerView debuggerView = new DebuggerView(debugger, i18n);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds(); // never larger than the screen
        BorderPane lab = new BorderPane();
        lab.setId("debugger-window");
        lab.setTop(new ModelBarView(modelBar, i18n).build());
        SplitPane centre = new SplitPane(panelArea(), debuggerView.buildTraceList());
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.58);
        lab.setCenter(centre);
        lab.setRight(new InspectorView(inspector, i18n).build());
        lab.setBottom(debuggerView.buildBar());
        root.setCenter(lab);
        root.setBottom(statusBar());

        scene = new Scene(root, Math.min(1400, screen.getWidth()), Math.min(880, screen.getHeight()));
        debuggerView.installShortcuts(scene);
        scene.getStylesheets().add(stylesheet());
        viewModel.themeProperty().addListener((obs, old, theme) -> applyTheme(theme));

        stage.titleProperty().bind(i18n.text("app.title"));
        for (int size : ICON_SIZES) {
            stage.getIcons().add(windowIcon(size));
        }
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.setScene(scene);
        stage.setOnShown(e -> logVisible());
        buildOtherPanelsAfterFirstFrame();
        stage.show();
    }

    private static final AtomicBoolean VISIBLE_LOGGED = new AtomicBoolean();

    /** Logs, for the first window of the process, how long after the JVM started it became visible. */
    private static void logVisible() {
        if (VISIBLE_LOGGED.getAndSet(true)) {
            return;
        }
        long launched = ManagementFactory.getRuntimeMXBean().getStartTime();
        Platform.runLater(() -> LOG.info("window visible {} ms after launch (JVM start)",
                System.currentTimeMillis() - launched));
    }

    /** The window's scene; {@code null} until {@link #show()}. */
    public Scene scene() {
        return scene;
    }

    /** Opens the gallery (every widget and panel on canned data) in a window of its own. */
    public void showGallery() {
        Stage galleryStage = new Stage();
        galleryStage.initOwner(stage);
        new GalleryWindow(galleryStage, viewModel, registry).show(null);
    }

    /** Opens the About box (or brings it to the front). */
    public void showAbout() {
        about.show();
    }

    static String stylesheet() {
        return Objects.requireNonNull(MainWindow.class.getResource(STYLESHEET), STYLESHEET).toExternalForm();
    }

    static Image icon(int size) {
        return icon(size, false);
    }

    /** The icon for a window's title bar and task switcher, decoded in the background: the window need not wait. */
    static Image windowIcon(int size) {
        return icon(size, true);
    }

    private static Image icon(int size, boolean inBackground) {
        String path = "/org/seqlab/ui/shell/seqlab-icon-" + size + ".png";
        return new Image(Objects.requireNonNull(MainWindow.class.getResource(path), path).toExternalForm(),
                inBackground);
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
        MenuItem galleryItem = item("menu-gallery", "menu.view.gallery");
        galleryItem.setOnAction(e -> showGallery());
        Menu view = menu("menu-view", "menu.view", light, dark, new SeparatorMenuItem(), galleryItem);

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
