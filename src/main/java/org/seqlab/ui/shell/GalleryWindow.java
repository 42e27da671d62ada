package org.seqlab.ui.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.seqlab.autograd.DType;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Templates;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelRegistry;
import org.seqlab.ui.panels.PanelSpec;
import org.seqlab.ui.viz.HeatmapDemos;
import org.seqlab.ui.viz.SeriesChartDemos;

/**
 * The gallery (STYLE §17): every widget on canned data and every panel of the registry on a canned recording
 * (a fixed template, sentence and seed, recorded in the background, the cursor at the end of the pass so that
 * everything is filled in). It is the UI's smoke test and the source of the README's pictures. Opened by
 * {@code seqlab gallery} or View → Gallery.
 */
public final class GalleryWindow {

    /** The canned recording a panel is shown on: template and sentence. */
    record Canned(String template, String text) {
    }

    /** Which canned recording each panel of the standard registry is shown on; others use the default. */
    private static final Map<String, Canned> CANNED = Map.of(
            "gradient-flow", new Canned("char-rnn-lm", "the quick brown fox jumps over the lazy dog"),
            "attention", new Canned("transformer-seq2seq", "hello world"),
            "positions", new Canned("transformer-seq2seq", "hello world"));
    private static final Canned DEFAULT = new Canned("char-lstm-lm", "hello world");

    /** One item of the gallery: its id (what {@code seqlab gallery --show} names), title and content. */
    record Entry(String id, String title, Supplier<Node> content) {
    }

    private final Stage stage;
    private final ShellViewModel shell;
    private final PanelRegistry registry;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Canned, PanelContext> contexts = new LinkedHashMap<>();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", false);
    private int pending;
    private ListView<Entry> list;
    private Scene scene;

    public GalleryWindow(Stage stage, ShellViewModel shell, PanelRegistry registry) {
        this.stage = Objects.requireNonNull(stage);
        this.shell = Objects.requireNonNull(shell);
        this.registry = Objects.requireNonNull(registry);
        I18n i18n = shell.i18n();
        entries.add(new Entry("heatmap-attention", i18n.get("gallery.widget.heatmapAttention"),
                () -> HeatmapDemos.attention(i18n)));
        entries.add(new Entry("headview-attention", i18n.get("gallery.widget.headView"),
                () -> HeatmapDemos.headView(i18n)));
        entries.add(new Entry("heatmap-gates", i18n.get("gallery.widget.heatmapGates"),
                () -> HeatmapDemos.gates(i18n)));
        entries.add(new Entry("chart-gradient", i18n.get("gallery.widget.chartGradient"),
                () -> SeriesChartDemos.vanishing(i18n)));
        entries.add(new Entry("chart-loss", i18n.get("gallery.widget.chartLoss"), () -> SeriesChartDemos.loss(i18n)));
        for (PanelSpec spec : registry.all()) {
            Canned canned = CANNED.getOrDefault(spec.id(), DEFAULT);
            entries.add(new Entry(spec.id(), i18n.get("gallery.panel") + " · " + i18n.get(spec.titleKey()) + " ("
                    + canned.template() + ")", () -> spec.create(context(canned)).view()));
        }
    }

    /** The ids of the entries, widgets first, then the panels. */
    public List<String> ids() {
        return entries.stream().map(Entry::id).toList();
    }

    /** True once every canned recording a shown panel asked for has finished. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    public Scene scene() {
        return scene;
    }

    /** Builds and shows the gallery, on the entry {@code show} (null: the first). */
    public void show(String show) {
        // the theme (AtlantaFX) is the application's user-agent stylesheet: set it when the gallery opens alone,
        // before the first control (which would otherwise load JavaFX's own Modena theme, only to drop it)
        javafx.application.Application.setUserAgentStylesheet(shell.themeProperty().get().userAgentStylesheet());
        I18n i18n = shell.i18n();
        list = new ListView<>();
        list.setId("gallery-list");
        list.getItems().setAll(entries);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Entry item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.title());
                setWrapText(true);
                setPrefWidth(0);   // wrap at the list's width instead of widening the cell past it
            }
        });
        list.setPrefWidth(300);
        StackPane content = new StackPane();
        content.setId("gallery-content");
        content.setPadding(new Insets(8));
        Map<String, Node> built = new LinkedHashMap<>();
        list.getSelectionModel().selectedItemProperty().addListener((obs, o, e) -> {
            if (e != null) {
                content.getChildren().setAll(built.computeIfAbsent(e.id(), id -> e.content().get()));
            }
        });
        Label hint = new Label();
        hint.textProperty().bind(i18n.text("gallery.hint"));
        hint.setWrapText(true);
        hint.setPadding(new Insets(6, 8, 6, 8));
        BorderPane right = new BorderPane(content);
        right.setTop(hint);
        SplitPane split = new SplitPane(list, right);
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(list, false);
        BorderPane root = new BorderPane(split);
        root.setId("gallery-window");
        scene = new Scene(root, 1280, 820);
        scene.getStylesheets().add(MainWindow.stylesheet());
        stage.titleProperty().bind(i18n.text("gallery.title"));
        stage.getIcons().add(MainWindow.windowIcon(64));
        stage.setScene(scene);
        int index = show == null ? 0 : ids().indexOf(show);
        if (index < 0) {
            throw new IllegalArgumentException("The gallery has no entry \"" + show + "\"; it has " + ids());
        }
        list.getSelectionModel().select(index);
        if (pending == 0) {
            ready.set(true);
        }
        stage.show();
    }

    /** Selects the entry with this id. */
    public void select(String id) {
        int index = ids().indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("The gallery has no entry \"" + id + "\"; it has " + ids());
        }
        list.getSelectionModel().select(index);
    }

    /**
     * A panel context over a canned recording, shared by every panel shown on the same one: its properties
     * are filled when the recording has finished in the background.
     */
    private PanelContext context(Canned canned) {
        return contexts.computeIfAbsent(canned, c -> {
            var session = new SimpleObjectProperty<DebugSession>();
            var revision = new SimpleIntegerProperty(0);
            var cursor = new SimpleObjectProperty<Cursor>();
            var tokens = new SimpleObjectProperty<List<String>>(List.of());
            var model = new SimpleObjectProperty<>(c.template());
            pending++;
            ready.set(false);
            shell.executor().submit(() -> {
                ModelGraph graph = Templates.get(c.template()).graph();
                TextInputs.Encoded encoded = TextInputs.encode(graph, null, c.text(), null);
                GraphModel m = GraphModel.compile(graph, BlockKinds.standard(), DType.FLOAT32, 0);
                DebugSession s = DebugSession.record(m, encoded.inputs());
                s.seek(s.recording().trace().size() - 1); // the whole pass reached: every panel filled in
                return s;
            }, s -> {
                tokens.set(c.text().codePoints().mapToObj(Character::toString).map(t -> t.equals(" ") ? "␣" : t)
                        .toList());
                session.set(s);
                cursor.set(s.cursor());
                revision.set(1);
                finished();
            }, failure -> finished());
            return new PanelContext(shell.i18n(), shell.executor(), session, revision, cursor, tokens, model);
        });
    }

    private void finished() {
        pending--;
        if (pending == 0) {
            ready.set(true);
        }
    }

    /** The region of the entry on show (for pictures of one entry). */
    Region content() {
        return (Region) scene.lookup("#gallery-content");
    }
}
