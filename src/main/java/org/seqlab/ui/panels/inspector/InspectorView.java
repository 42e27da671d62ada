package org.seqlab.ui.panels.inspector;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.seqlab.autograd.TensorStats;
import org.seqlab.ui.fx.Tabs;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.viz.ColorScale;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;

/** The inspector: header, the value (and on backward events the forward value) as heatmaps, and tabs. */
public final class InspectorView {

    private final InspectorViewModel vm;
    private final I18n i18n;

    public InspectorView(InspectorViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
    }

    public Region build() {
        Label label = new Label();
        label.setId("inspector-label");
        label.getStyleClass().add("inspector-label");
        label.textProperty().bind(Bindings.createStringBinding(
                () -> vm.eventProperty().get() == null ? "" : vm.eventProperty().get().label(), vm.eventProperty()));
        label.setWrapText(true);
        Label header = new Label();
        header.setId("inspector-header");
        header.textProperty().bind(Bindings.createStringBinding(vm::headerText, vm.eventProperty(),
                i18n.languageProperty()));
        header.setWrapText(true);

        Label valueTitle = new Label();
        valueTitle.setId("inspector-value-title");
        valueTitle.textProperty().bind(Bindings.createStringBinding(vm::valueTitle, vm.eventProperty(),
                vm.selectedIntermediateProperty(), i18n.languageProperty()));
        Heatmap value = new Heatmap(i18n);
        value.setId("inspector-heatmap");
        value.setPrefHeight(260);
        value.setMinHeight(200);
        value.setSquareCells(false);
        value.dataProperty().bind(Bindings.createObjectBinding(() -> data(vm.matrixProperty().get()),
                vm.matrixProperty()));

        Label forwardTitle = new Label();
        forwardTitle.setId("inspector-forward-title");
        forwardTitle.textProperty().bind(i18n.text("inspector.value.forwardOfGradient"));
        Heatmap forward = new Heatmap(i18n);
        forward.setId("inspector-forward-heatmap");
        forward.setPrefHeight(260);
        forward.setMinHeight(200);
        forward.setSquareCells(false);
        forward.dataProperty().bind(Bindings.createObjectBinding(() -> data(vm.forwardMatrixProperty().get()),
                vm.forwardMatrixProperty()));
        VBox forwardBox = new VBox(4, forwardTitle, forward);
        forwardBox.visibleProperty().bind(vm.forwardMatrixProperty().isNotNull());
        forwardBox.managedProperty().bind(forwardBox.visibleProperty());

        Spinner<Integer> lead = new Spinner<>();
        lead.setId("inspector-leading-index");
        SpinnerValueFactory.IntegerSpinnerValueFactory factory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 0, 0);
        lead.setValueFactory(factory);
        vm.leadingCountProperty().addListener((obs, o, n) -> factory.setMax(Math.max(0, n.intValue() - 1)));
        vm.leadingIndexProperty().addListener((obs, o, n) -> factory.setValue(n.intValue()));
        factory.valueProperty().addListener((obs, o, n) -> {
            if (n != null) {
                vm.leadingIndexProperty().set(n);
            }
        });
        Label leadLabel = new Label();
        leadLabel.textProperty().bind(i18n.text("inspector.leadingIndex"));
        HBox leadBox = new HBox(6, leadLabel, lead);
        leadBox.visibleProperty().bind(vm.leadingCountProperty().greaterThan(1));
        leadBox.managedProperty().bind(leadBox.visibleProperty());

        Button check = new Button();
        check.setId("inspector-gradcheck");
        check.textProperty().bind(i18n.text("inspector.gradcheck"));
        check.disableProperty().bind(vm.gradCheckAvailableProperty().not());
        check.setOnAction(e -> vm.checkGradient());
        Tooltip checkTip = new Tooltip();
        checkTip.textProperty().bind(vm.gradCheckReasonProperty());
        check.setTooltip(checkTip);
        Label checkWhy = new Label();
        checkWhy.setId("inspector-gradcheck-result");
        checkWhy.textProperty().bind(Bindings.createStringBinding(() -> vm.gradCheckResultProperty().get().isEmpty()
                && !vm.gradCheckAvailableProperty().get() ? vm.gradCheckReasonProperty().get()
                : vm.gradCheckResultProperty().get(), vm.gradCheckResultProperty(), vm.gradCheckAvailableProperty(),
                vm.gradCheckReasonProperty()));
        checkWhy.setWrapText(true);
        checkWhy.getStyleClass().add("text-muted");
        VBox checkBox = new VBox(4, check, checkWhy);

        TabPane tabs = new TabPane(
                tab("inspector.tab.stats", statsView()),
                tab("inspector.tab.histogram", histogram()),
                tab("inspector.tab.values", table()),
                tab("inspector.tab.intermediates", intermediates()));
        tabs.setId("inspector-tabs");
        Tabs.inSceneOnlyWhenSelected(tabs);   // the histogram and the table cost nothing while hidden
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefHeight(240);
        tabs.setMinHeight(200);

        VBox box = new VBox(6, label, header, leadBox, valueTitle, value, forwardBox, checkBox, tabs);
        box.setId("inspector");
        box.getStyleClass().add("inspector");
        box.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(500);
        scroll.setMinWidth(360);
        return scroll;
    }

    private HeatmapData data(Matrix m) {
        if (m == null) {
            return null;
        }
        HeatmapData d = HeatmapData.of(m.rows(), m.cols(), m.values()).withScale(ColorScale.DIVERGING);
        if (!m.rowLabels().isEmpty()) {
            d = d.withRowLabels(m.rowLabels());
        }
        if (!m.columnLabels().isEmpty()) {
            d = d.withColumnLabels(m.columnLabels());
        }
        return d;
    }

    private Tab tab(String key, javafx.scene.Node content) {
        Tab t = new Tab();
        t.textProperty().bind(i18n.text(key));
        t.setContent(content);
        return t;
    }

    private Region statsView() {
        Label stats = new Label();
        stats.setId("inspector-stats");
        stats.textProperty().bind(Bindings.createStringBinding(() -> {
            TensorStats s = vm.statsProperty().get();
            return s == null ? "" : i18n.format("inspector.stats", s.count(), fmt(s.min()), fmt(s.max()),
                    fmt(s.mean()), fmt(s.std()), fmt(s.norm()), s.nonFinite());
        }, vm.statsProperty(), i18n.languageProperty()));
        stats.setWrapText(true);
        return new VBox(stats);
    }

    private Region histogram() {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("inspector-histogram");
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setBarGap(0);
        chart.setCategoryGap(1);
        Runnable fill = () -> {
            if (chart.getScene() == null) {
                return;   // hidden: filled when its tab is chosen (see below)
            }
            int[] counts = vm.histogramProperty().get();
            double[] range = vm.histogramRangeProperty().get();
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            double width = counts.length == 0 ? 0 : (range[1] - range[0]) / counts.length;
            for (int i = 0; i < counts.length; i++) {
                series.getData().add(new XYChart.Data<>(fmt(range[0] + (i + 0.5) * width), counts[i]));
            }
            chart.getData().setAll(List.of(series));
        };
        vm.histogramProperty().addListener((obs, o, n) -> fill.run());
        chart.sceneProperty().addListener((obs, o, scene) -> fill.run());
        fill.run();
        return chart;
    }

    private Region table() {
        TableView<InspectorViewModel.ValueRow> table = new TableView<>(vm.rows());
        table.setId("inspector-values");
        TableColumn<InspectorViewModel.ValueRow, String> index = new TableColumn<>();
        index.textProperty().bind(i18n.text("inspector.column.index"));
        index.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().index()));
        TableColumn<InspectorViewModel.ValueRow, Number> value = new TableColumn<>();
        value.textProperty().bind(i18n.text("inspector.column.value"));
        value.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().value()));
        table.getColumns().add(index);
        table.getColumns().add(value);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        return table;
    }

    private Region intermediates() {
        ListView<String> list = new ListView<>(vm.intermediates());
        list.setId("inspector-intermediates");
        list.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> vm.selectedIntermediateProperty()
                .set(n));
        vm.selectedIntermediateProperty().addListener((obs, o, n) -> {
            if (n == null) {
                list.getSelectionModel().clearSelection();
            }
        });
        Label hint = new Label();
        hint.textProperty().bind(i18n.text("inspector.intermediates.hint"));
        hint.setWrapText(true);
        VBox box = new VBox(4, hint, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private static String fmt(double x) {
        return String.format("%.3g", x);
    }
}
