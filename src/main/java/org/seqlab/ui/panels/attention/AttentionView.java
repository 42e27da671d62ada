package org.seqlab.ui.panels.attention;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.attention.AttentionViewModel.BreakdownRow;
import org.seqlab.ui.panels.attention.AttentionViewModel.Figure;
import org.seqlab.ui.panels.attention.AttentionViewModel.Thumbnail;
import org.seqlab.ui.panels.attention.AttentionViewModel.ThumbnailRow;
import org.seqlab.ui.panels.attention.AttentionViewModel.View;
import org.seqlab.ui.viz.ColorMap;
import org.seqlab.ui.viz.ColorScale;
import org.seqlab.ui.viz.HeadView;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The attention panel's nodes: a toolbar (module and view choosers), a line on the kind of attention, and below
 * it the layers × heads thumbnails (left), the chosen view's heatmap with token labels (the figure), and on the
 * right two tabs: the head view and the chosen query's breakdown table.
 */
public final class AttentionView {

    /** A thumbnail's side in pixels. */
    static final int THUMB = 46;
    private static final String STYLESHEET = "/org/seqlab/ui/panels/attention/attention.css";

    private final AttentionViewModel vm;
    private final I18n i18n;
    private final Heatmap heatmap;
    private final HeadView headView = new HeadView();
    private final GridPane thumbs = new GridPane();
    private final VBox figure = new VBox(2);
    private final TableView<BreakdownRow> table = new TableView<>();
    private TableColumn<BreakdownRow, String> scaledColumn;
    private TableColumn<BreakdownRow, String> maskedColumn;
    private TableColumn<BreakdownRow, String> scoreColumn;

    public AttentionView(AttentionViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        this.heatmap = new Heatmap(i18n);
    }

    public Region build() {
        Label mapLabel = new Label();
        mapLabel.textProperty().bind(i18n.text("attention.choose.map"));
        ComboBox<String> map = new ComboBox<>(vm.maps());
        map.setId("attention-map");
        map.valueProperty().bindBidirectional(vm.selectedMapProperty());
        map.setCellFactory(list -> new TextCell<>(vm::mapText));
        map.setButtonCell(new TextCell<>(vm::mapText));
        Label viewLabel = new Label();
        viewLabel.textProperty().bind(i18n.text("attention.choose.view"));
        ComboBox<View> view = new ComboBox<>(vm.views());
        view.setId("attention-view");
        view.valueProperty().bindBidirectional(vm.selectedViewProperty());
        view.setCellFactory(list -> new TextCell<>(vm::viewText));
        view.setButtonCell(new TextCell<>(vm::viewText));
        i18n.languageProperty().addListener((obs, o, n) -> {   // the cells' text is the view-model's
            map.setButtonCell(new TextCell<>(vm::mapText));
            view.setButtonCell(new TextCell<>(vm::viewText));
        });
        Label kind = new Label();
        kind.setId("attention-kind");
        kind.getStyleClass().add("attention-kind");
        kind.setWrapText(true);
        kind.setMinHeight(Region.USE_PREF_SIZE);
        kind.setMinWidth(120);
        kind.setMaxWidth(Double.MAX_VALUE);
        vm.figureProperty().addListener((obs, o, f) -> kind.setText(vm.kindLine(f)));
        mapLabel.setMinWidth(Region.USE_PREF_SIZE);
        viewLabel.setMinWidth(Region.USE_PREF_SIZE);
        map.setMinWidth(Region.USE_PREF_SIZE);
        view.setMinWidth(Region.USE_PREF_SIZE);
        HBox toolbar = new HBox(8, mapLabel, map, viewLabel, view);
        toolbar.getStyleClass().add("attention-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("attention-message");
        message.getStyleClass().add("attention-message");
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        // thumbnails
        Label thumbsTitle = new Label();
        thumbsTitle.getStyleClass().add("attention-section");
        thumbsTitle.textProperty().bind(i18n.text("attention.thumbnails.title"));
        thumbs.setId("attention-thumbnails");
        thumbs.setHgap(4);
        thumbs.setVgap(2);
        ScrollPane thumbScroll = new ScrollPane(thumbs);
        thumbScroll.setFitToWidth(true);
        thumbScroll.getStyleClass().add("attention-thumbs-scroll");
        VBox.setVgrow(thumbScroll, Priority.ALWAYS);
        VBox left = new VBox(4, thumbsTitle, thumbScroll);
        left.setMinWidth(3 * (THUMB + 12) + 22);
        left.setPrefWidth(3 * (THUMB + 8) + 24);
        vm.thumbnailsProperty().addListener((obs, o, rows) -> showThumbnails(rows));
        vm.selectedMapProperty().addListener((obs, o, n) -> showThumbnails(vm.thumbnailsProperty().get()));
        vm.selectedViewProperty().addListener((obs, o, n) -> showThumbnails(vm.thumbnailsProperty().get()));

        // the figure: heatmap and head view
        Label title = new Label();
        title.setId("attention-title");
        title.getStyleClass().add("attention-title");
        heatmap.setId("attention-heatmap");
        heatmap.setMinSize(200, 180);
        heatmap.setPrefSize(420, 360);
        VBox.setVgrow(heatmap, Priority.ALWAYS);

        headView.setId("attention-headview");
        headView.setMinWidth(180);
        headView.setPrefWidth(240);
        headView.maskedTextProperty().bind(i18n.text("attention.headview.masked"));
        headView.emptyTextProperty().bind(i18n.text("attention.headview.empty"));
        headView.selectedQueryProperty().bindBidirectional(vm.selectedQueryProperty());
        figure.getChildren().addAll(title, heatmap);
        figure.getStyleClass().add("attention-figure");
        vm.figureProperty().addListener((obs, o, f) -> showFigure(f, title));
        heatmap.highlightedRowProperty().bindBidirectional(vm.selectedQueryProperty());
        heatmap.setRowSelectable(true);

        // the breakdown
        Label breakdownTitle = new Label();
        breakdownTitle.setId("attention-breakdown-title");
        breakdownTitle.getStyleClass().add("attention-section");
        breakdownTitle.setWrapText(true);
        breakdownTitle.setMinHeight(Region.USE_PREF_SIZE);
        breakdownTitle.textProperty().bind(vm.breakdownTitleProperty());
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox breakdownBox = new VBox(4, breakdownTitle, table);
        breakdownBox.setPadding(new Insets(4, 0, 0, 0));
        Tab headTab = new Tab();
        headTab.setId("attention-tab-headview");
        headTab.textProperty().bind(i18n.text("attention.tab.headView"));
        headTab.setContent(headView);
        Tab breakdownTab = new Tab();
        breakdownTab.setId("attention-tab-breakdown");
        breakdownTab.textProperty().bind(i18n.text("attention.tab.breakdown"));
        breakdownTab.setContent(breakdownBox);
        TabPane right = new TabPane(headTab, breakdownTab);
        right.setId("attention-side");
        right.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        right.setMinWidth(200);
        vm.breakdownProperty().addListener((obs, o, rows) -> showBreakdown(rows));

        SplitPane body = new SplitPane(left, figure, right);
        body.setOrientation(Orientation.HORIZONTAL);
        body.setDividerPositions(0.21, 0.66);
        SplitPane.setResizableWithParent(left, false);
        VBox.setVgrow(body, Priority.ALWAYS);

        VBox top = new VBox(2, toolbar, kind, message);
        BorderPane root = new BorderPane(body);
        root.setTop(top);
        BorderPane.setMargin(top, new Insets(0, 0, 4, 0));
        root.getStyleClass().add("attention-panel");
        root.getStylesheets().add(AttentionView.class.getResource(STYLESHEET).toExternalForm());
        body.visibleProperty().bind(vm.availableProperty());
        showFigure(vm.figureProperty().get(), title);
        showThumbnails(vm.thumbnailsProperty().get());
        showBreakdown(vm.breakdownProperty().get());
        return root;
    }

    /** The node exported as the figure: the chosen view's title and heatmap. */
    public Node figure() {
        return figure;
    }

    Heatmap heatmap() {
        return heatmap;
    }

    HeadView headView() {
        return headView;
    }

    GridPane thumbnails() {
        return thumbs;
    }

    TableView<BreakdownRow> table() {
        return table;
    }

    private void showFigure(Figure f, Label title) {
        if (f == null) {
            heatmap.setData(null);
            headView.setData(null);
            title.setText("");
            return;
        }
        title.setText(f.title());
        heatmap.setData(f.heatmap());
        heatmap.setVisibleRows(f.visibleRows());
        headView.setData(f.head());
        headView.setVisibleRows(f.visibleRows());
    }

    private void showThumbnails(List<ThumbnailRow> rows) {
        thumbs.getChildren().clear();
        int r = 0;
        for (ThumbnailRow row : rows) {
            Label name = new Label(row.title());
            name.getStyleClass().add("attention-thumb-row");
            name.setTooltip(new Tooltip(row.map()));
            thumbs.add(name, 0, r, Math.max(1, row.thumbnails().size()), 1);
            r++;
            int c = 0;
            for (Thumbnail t : row.thumbnails()) {
                thumbs.add(thumbnail(t), c++, r);
            }
            r++;
        }
    }

    private Node thumbnail(Thumbnail t) {
        ImageView image = new ImageView(image(t));
        image.setFitWidth(THUMB);
        image.setFitHeight(THUMB);
        image.setPreserveRatio(true);
        image.setSmooth(false);
        Label caption = new Label(t.view().kind() == View.Kind.HEAD ? "h" + t.view().head()
                : i18n.get("attention.thumbnails.mean"));
        caption.getStyleClass().add("attention-thumb-caption");
        VBox box = new VBox(1, image, caption);
        box.setAlignment(Pos.CENTER);
        StackPane pane = new StackPane(box);
        pane.getStyleClass().add("attention-thumb");
        pane.setId("attention-thumb-" + vm.maps().indexOf(t.map()) + "-" + (t.view().kind() == View.Kind.HEAD
                ? Integer.toString(t.view().head()) : "mean"));
        pane.setUserData(t);
        if (t.map().equals(vm.selectedMapProperty().get()) && t.view().equals(vm.selectedViewProperty().get())) {
            pane.getStyleClass().add("selected");
        }
        Tooltip.install(pane, new Tooltip(t.tooltip()));
        pane.setOnMouseClicked(e -> vm.open(t.map(), t.view()));
        return pane;
    }

    /** T × S cells, several pixels each: the weights' colours, masked cells hatched grey, rows not reached grey. */
    static WritableImage image(Thumbnail t) {
        int rows = t.values().length;
        int cols = rows == 0 ? 0 : t.values()[0].length;
        int k = Math.max(1, THUMB / Math.max(1, Math.max(rows, cols)));
        WritableImage img = new WritableImage(Math.max(1, cols * k), Math.max(1, rows * k));
        PixelWriter px = img.getPixelWriter();
        ColorMap map = ColorMap.of(ColorScale.SEQUENTIAL, 0, 1);
        int hidden = ColorMap.argb(ColorMap.HIDDEN);
        int masked = ColorMap.argb(ColorMap.MASKED);
        int hatch = ColorMap.argb(ColorMap.MASKED_HATCH);
        for (int r = 0; r < rows; r++) {
            boolean rowHidden = t.visibleRows() >= 0 && r >= t.visibleRows();
            for (int c = 0; c < cols; c++) {
                boolean isMasked = t.mask() != null && t.mask()[r][c];
                int argb = rowHidden ? hidden : isMasked ? masked : map.argb(t.values()[r][c]);
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        boolean line = isMasked && !rowHidden && k >= 3 && (x + y) % 3 == 0;
                        px.setArgb(c * k + x, r * k + y, line ? hatch : argb);
                    }
                }
            }
        }
        return img;
    }

    private void buildTable() {
        table.setId("attention-breakdown");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label(""));
        TableColumn<BreakdownRow, String> key = column("attention.breakdown.key",
                r -> r.key() + "  " + r.token());
        scoreColumn = column("attention.breakdown.dot", r -> ValueFormat.compact(r.score()));
        scaledColumn = column("attention.breakdown.scaled", r -> ValueFormat.compact(r.scaled()));
        maskedColumn = column("attention.breakdown.masked",
                r -> r.masked() ? "−∞" : ValueFormat.compact(r.maskedScore()));
        TableColumn<BreakdownRow, String> weight = column("attention.breakdown.softmax",
                r -> ValueFormat.compact(r.weight()));
        table.getColumns().setAll(List.of(key, scoreColumn, scaledColumn, maskedColumn, weight));
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(BreakdownRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("masked");
                if (!empty && item != null && item.masked()) {
                    getStyleClass().add("masked");
                }
            }
        });
    }

    private TableColumn<BreakdownRow, String> column(String key, Function<BreakdownRow, String> text) {
        TableColumn<BreakdownRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private void showBreakdown(List<BreakdownRow> rows) {
        scoreColumn.textProperty().unbind();
        scoreColumn.setText(vm.scoreHeading());
        scaledColumn.setVisible(vm.hasScaledStage());
        maskedColumn.setVisible(vm.hasMaskedStage());
        table.getItems().setAll(rows);
    }

    /** A chooser cell showing the view-model's text for its item. */
    private static final class TextCell<T> extends ListCell<T> {
        private final Function<T, String> text;

        TextCell(Function<T, String> text) {
            this.text = text;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : text.apply(item));
        }
    }
}
