package org.seqlab.ui.panels.gates;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.gates.GatesViewModel.CompareFigure;
import org.seqlab.ui.panels.gates.GatesViewModel.GateFigure;
import org.seqlab.ui.viz.Heatmap;

/**
 * The gates panel's nodes: a toolbar (layer chooser when there are several, the compare toggle), a note line,
 * and below it either one heatmap per gate (two per row while the sequence is short enough, one per row for
 * long ones) or, in compare mode, three columns RNN · LSTM · GRU, each with its hidden state h and its key gate.
 * Scrolls vertically when the panel is short.
 */
public final class GatesView {

    /** Up to this many time steps, the gates sit two per row; longer sequences get the full width. */
    static final int TWO_COLUMNS_UP_TO = 24;
    static final double HEATMAP_HEIGHT = 200;
    static final double HEATMAP_MIN_HEIGHT = 150;
    private static final String STYLESHEET = "/org/seqlab/ui/panels/gates/gates.css";

    private final GatesViewModel vm;
    private final I18n i18n;
    private final GridPane gatesGrid = new GridPane();
    private final VBox compareBox = new VBox(4);
    private final HBox compareColumns = new HBox(8);
    private final VBox figure = new VBox();
    private final List<GateBox> gateBoxes = new ArrayList<>();
    private final List<CompareColumn> compareColumnBoxes = new ArrayList<>();
    private BorderPane root;
    private ScrollPane scroll;

    public GatesView(GatesViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
    }

    /** One gate: its name and formula (the meaning as a tooltip; the formula wraps below when short of room) over its heatmap. */
    private final class GateBox extends VBox {
        final String gate;
        final Label title = new Label();
        final Label formula = new Label();
        final Tooltip meaning = new Tooltip();
        final Heatmap heatmap = new Heatmap(i18n);

        GateBox(String gate) {
            this(gate, false);
        }

        /** stacked: the formula always on a line of its own (compare mode: the three columns' heatmaps align). */
        GateBox(String gate, boolean stacked) {
            this.gate = gate;
            getStyleClass().add("gates-gate");
            setId("gates-gate-" + gate);
            setPrefWidth(300);
            setMinWidth(0);
            title.getStyleClass().add("gates-gate-title");
            formula.getStyleClass().add("gates-gate-formula");
            title.setTooltip(meaning);
            formula.setTooltip(meaning);
            meaning.setWrapText(true);
            meaning.setMaxWidth(360);
            Region heading;
            if (stacked) {
                heading = new VBox(title, formula);
            } else {
                FlowPane flow = new FlowPane(2, 0, title, formula);
                flow.setRowValignment(javafx.geometry.VPos.BASELINE);
                heading = flow;
            }
            heatmap.setId("gates-heatmap-" + gate);
            heatmap.setSquareCells(false);
            heatmap.setPrefHeight(HEATMAP_HEIGHT);
            heatmap.setMinHeight(HEATMAP_MIN_HEIGHT);
            heatmap.setPrefWidth(200);
            heatmap.setMinWidth(Region.USE_COMPUTED_SIZE);
            VBox.setVgrow(heatmap, Priority.ALWAYS);
            getChildren().addAll(heading, heatmap);
        }

        void show(GateFigure f) {
            title.setText(f.name());
            formula.setText(f.formula());
            meaning.setText(f.meaning());
            heatmap.setData(f.data());
            heatmap.setVisibleColumns(f.visibleColumns());
            heatmap.setHighlightedColumn(f.highlightedColumn());
        }
    }

    /** One model of the comparison. */
    private final class CompareColumn extends VBox {
        final Label title = new Label();
        final GateBox hidden = new GateBox("hidden", true);
        final VBox keySlot = new VBox();
        final Label note = new Label();
        GateBox key;

        CompareColumn(CompareFigure f) {
            super(2);
            setId("gates-compare-" + f.cell().name().toLowerCase(java.util.Locale.ROOT));
            title.getStyleClass().add("gates-model-title");
            note.getStyleClass().add("gates-rnn-note");
            note.setMaxWidth(Double.MAX_VALUE);
            hidden.heatmap.setId(getId() + "-hidden");
            if (f.keyGate() != null) {
                key = new GateBox(f.keyGate().gate(), true);
                key.heatmap.setId(getId() + "-" + f.keyGate().gate());
                keySlot.getChildren().add(key);
            } else {
                keySlot.getChildren().add(note);
            }
            getChildren().addAll(title, hidden, keySlot);
            setPrefWidth(0);
            setMinWidth(0);
            HBox.setHgrow(this, Priority.ALWAYS);
        }

        void show(CompareFigure f) {
            title.setText(f.title());
            hidden.show(f.hidden());
            if (key != null && f.keyGate() != null) {
                key.show(f.keyGate());
            }
            note.setText(f.note());
        }
    }

    public Region build() {
        Label layerLabel = new Label();
        layerLabel.textProperty().bind(i18n.text("gates.layer.choose"));
        ComboBox<String> layer = new ComboBox<>(vm.layers());
        layer.setId("gates-layer");
        layer.valueProperty().bindBidirectional(vm.selectedLayerProperty());
        layer.setCellFactory(list -> new LayerCell());
        layer.setButtonCell(new LayerCell());
        HBox layerBox = new HBox(6, layerLabel, layer);
        layerBox.setAlignment(Pos.CENTER_LEFT);
        layerBox.visibleProperty().bind(Bindings.size(vm.layers()).greaterThan(1).and(vm.compareProperty().not()));
        layerBox.managedProperty().bind(layerBox.visibleProperty());
        i18n.languageProperty().addListener((obs, o, n) -> {   // the cells' text is the view-model's, in the language
            layer.setButtonCell(new LayerCell());
        });

        ToggleButton compare = new ToggleButton();
        compare.setId("gates-compare");
        compare.textProperty().bind(i18n.text("gates.compare.toggle"));
        Tooltip compareTip = new Tooltip();
        compareTip.textProperty().bind(i18n.text("gates.compare.tooltip"));
        compare.setTooltip(compareTip);
        compare.selectedProperty().bindBidirectional(vm.compareProperty());
        compare.disableProperty().bind(vm.compareAvailableProperty().not());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(layerBox, spacer, compare);
        toolbar.getStyleClass().add("gates-toolbar");

        Label note = new Label();
        note.setId("gates-note");
        note.getStyleClass().add("gates-note");
        note.setWrapText(true);
        note.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.compareProperty().get()) {
                return vm.compareMessageProperty().get();
            }
            String units = vm.unitsNoteProperty().get();
            String legend = i18n.get("gates.legend");
            return units.isEmpty() ? legend : units + "  ·  " + legend;
        }, vm.compareProperty(), vm.compareMessageProperty(), vm.unitsNoteProperty(), i18n.languageProperty()));

        Label message = new Label();
        message.setId("gates-message");
        message.getStyleClass().add("gates-message");
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.availableProperty().not());

        gatesGrid.setId("gates-grid");
        gatesGrid.setHgap(8);
        gatesGrid.setVgap(6);
        compareBox.setId("gates-compare-box");
        compareBox.getChildren().add(compareColumns);
        figure.setId("gates-figure");
        figure.getStyleClass().add("gates-figure");
        scroll = new ScrollPane(figure);
        scroll.setId("gates-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.visibleProperty().bind(vm.availableProperty());
        StackPane center = new StackPane(scroll, message);

        VBox top = new VBox(2, toolbar, note);
        root = new BorderPane(center);
        root.setTop(top);
        root.getStyleClass().add("gates-panel");
        root.getStylesheets().add(GatesView.class.getResource(STYLESHEET).toExternalForm());

        vm.figuresProperty().addListener((obs, o, n) -> showGates(n));
        vm.compareFiguresProperty().addListener((obs, o, n) -> showCompare(n));
        vm.compareProperty().addListener((obs, o, n) -> showMode());
        showGates(vm.figuresProperty().get());
        showCompare(vm.compareFiguresProperty().get());
        showMode();
        return root;
    }

    /** The node whose picture is the figure: the heatmaps shown now (gates or comparison), without the toolbar. */
    public Node figure() {
        return figure;
    }

    private void showMode() {
        figure.getChildren().setAll(vm.compareProperty().get() ? compareBox : gatesGrid);
        fitHeight();
    }

    /** A single heatmap (a plain RNN's h) takes the panel's whole height; several scroll. */
    private void fitHeight() {
        boolean single = !vm.compareProperty().get() && gateBoxes.size() == 1;
        scroll.setFitToHeight(single);
        VBox.setVgrow(gatesGrid, single ? Priority.ALWAYS : Priority.NEVER);
        for (GateBox box : gateBoxes) {
            GridPane.setVgrow(box, single ? Priority.ALWAYS : Priority.NEVER);
        }
    }

    private void showGates(List<GateFigure> figures) {
        boolean same = figures.size() == gateBoxes.size();
        for (int i = 0; same && i < figures.size(); i++) {
            same = gateBoxes.get(i).gate.equals(figures.get(i).gate());
        }
        int steps = figures.isEmpty() ? 0 : figures.get(0).data().cols();
        int columns = figures.size() > 1 && steps <= TWO_COLUMNS_UP_TO ? 2 : 1;
        if (!same || gatesGrid.getColumnConstraints().size() != columns) {
            gateBoxes.clear();
            gatesGrid.getChildren().clear();
            gatesGrid.getColumnConstraints().clear();
            for (int c = 0; c < columns; c++) {
                ColumnConstraints cc = new ColumnConstraints();   // equal widths: equal preferred widths, all grow
                cc.setHgrow(Priority.ALWAYS);
                cc.setFillWidth(true);
                gatesGrid.getColumnConstraints().add(cc);
            }
            for (int i = 0; i < figures.size(); i++) {
                GateBox box = new GateBox(figures.get(i).gate());
                gateBoxes.add(box);
                gatesGrid.add(box, i % columns, i / columns);
            }
        }
        for (int i = 0; i < figures.size(); i++) {
            gateBoxes.get(i).show(figures.get(i));
        }
        fitHeight();
    }

    private void showCompare(List<CompareFigure> figures) {
        boolean same = figures.size() == compareColumnBoxes.size();
        for (int i = 0; same && i < figures.size(); i++) {
            same = compareColumnBoxes.get(i).getId().endsWith(figures.get(i).cell().name().toLowerCase(
                    java.util.Locale.ROOT));
        }
        if (!same) {
            compareColumnBoxes.clear();
            for (CompareFigure f : figures) {
                compareColumnBoxes.add(new CompareColumn(f));
            }
            compareColumns.getChildren().setAll(compareColumnBoxes);
        }
        for (int i = 0; i < figures.size(); i++) {
            compareColumnBoxes.get(i).show(figures.get(i));
        }
    }

    /** A layer in the chooser: name, cell type, size and direction. */
    private final class LayerCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : vm.layerText(item));
        }
    }
}
