package org.seqlab.ui.panels.positions;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.positions.PositionsViewModel.Figure;
import org.seqlab.ui.viz.Heatmap;

/**
 * The positional encoding view's nodes: the encoding chooser (when there are several) and a line reading it,
 * then the table (positions × dimensions) beside the similarity between positions (the figure), and a line on
 * the chosen position.
 */
public final class PositionsView {

    private static final String STYLESHEET = "/org/seqlab/ui/panels/positions/positions.css";

    private final PositionsViewModel vm;
    private final I18n i18n;
    private final Heatmap table;
    private final Heatmap similarity;
    private final HBox figure = new HBox(12);

    public PositionsView(PositionsViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        this.table = new Heatmap(i18n);
        this.similarity = new Heatmap(i18n);
    }

    public Region build() {
        Label chooseLabel = new Label();
        chooseLabel.textProperty().bind(i18n.text("positions.choose"));
        chooseLabel.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<String> choose = new ComboBox<>(vm.encodings());
        choose.setId("positions-encoding");
        choose.valueProperty().bindBidirectional(vm.selectedProperty());
        choose.setCellFactory(list -> new EncodingCell());
        choose.setButtonCell(new EncodingCell());
        choose.setMinWidth(Region.USE_PREF_SIZE);
        i18n.languageProperty().addListener((obs, o, n) -> choose.setButtonCell(new EncodingCell()));
        HBox chooser = new HBox(6, chooseLabel, choose);
        chooser.setAlignment(Pos.CENTER_LEFT);
        chooser.visibleProperty().bind(Bindings.size(vm.encodings()).greaterThan(1));
        chooser.managedProperty().bind(chooser.visibleProperty());

        Label reading = new Label();
        reading.setId("positions-reading");
        reading.getStyleClass().add("positions-reading");
        reading.setWrapText(true);
        reading.setMinHeight(Region.USE_PREF_SIZE);
        reading.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(reading, Priority.ALWAYS);
        HBox toolbar = new HBox(10, chooser, reading);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("positions-toolbar");

        Label message = new Label();
        message.setId("positions-message");
        message.getStyleClass().add("positions-message");
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        Label tableTitle = title("positions.table.title");
        Label similarityTitle = title("positions.similarity.title");
        table.setId("positions-table");
        similarity.setId("positions-similarity");
        table.setSquareCells(false);
        for (Heatmap h : new Heatmap[] {table, similarity}) {
            h.setMinSize(180, 160);
            h.setPrefSize(420, 360);
            h.setRowSelectable(true);
            h.highlightedRowProperty().bindBidirectional(vm.selectedPositionProperty());
            VBox.setVgrow(h, Priority.ALWAYS);
        }
        VBox tableBox = new VBox(2, tableTitle, table);
        VBox similarityBox = new VBox(2, similarityTitle, similarity);
        HBox.setHgrow(tableBox, Priority.ALWAYS);
        HBox.setHgrow(similarityBox, Priority.ALWAYS);
        tableBox.setPrefWidth(0);
        similarityBox.setPrefWidth(0);
        figure.getChildren().addAll(tableBox, similarityBox);
        figure.getStyleClass().add("positions-figure");
        VBox.setVgrow(figure, Priority.ALWAYS);

        Label note = new Label();
        note.setId("positions-note");
        note.getStyleClass().add("positions-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.textProperty().bind(vm.positionNoteProperty());

        VBox body = new VBox(4, figure, note);
        body.visibleProperty().bind(vm.availableProperty());
        vm.figureProperty().addListener((obs, o, f) -> show(f, reading));
        show(vm.figureProperty().get(), reading);

        BorderPane root = new BorderPane(body);
        root.setTop(new VBox(2, toolbar, message));
        root.getStyleClass().add("positions-panel");
        root.getStylesheets().add(PositionsView.class.getResource(STYLESHEET).toExternalForm());
        return root;
    }

    /** The node exported as the figure: both heatmaps. */
    public Node figure() {
        return figure;
    }

    Heatmap table() {
        return table;
    }

    Heatmap similarity() {
        return similarity;
    }

    private Label title(String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.getStyleClass().add("positions-title");
        return l;
    }

    private void show(Figure f, Label reading) {
        table.setData(f == null ? null : f.table());
        similarity.setData(f == null ? null : f.similarity());
        reading.setText(f == null ? "" : f.reading());
    }

    /** A chooser cell with the view-model's text. */
    private final class EncodingCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : vm.encodingText(item));
        }
    }
}
