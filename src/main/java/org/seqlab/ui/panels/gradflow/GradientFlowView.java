package org.seqlab.ui.panels.gradflow;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.seqlab.debug.GradientFlow;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.debug.GradientFlow.Clipping;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.gradflow.GradientFlowViewModel.Prepared;
import org.seqlab.ui.panels.gradflow.GradientFlowViewModel.StepNorms;
import org.seqlab.ui.viz.AxisScale;
import org.seqlab.ui.viz.GroupedBarChart;
import org.seqlab.ui.viz.GroupedBarChartData;
import org.seqlab.ui.viz.SeriesChart;
import org.seqlab.ui.viz.SeriesChartData;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The gradient-flow panel's nodes: a control bar (clip on/off, the threshold, log scale for the bars), then
 * the figure: the reading, |dL/dh_t| per time step on a log {@link SeriesChart} (the cursor's step marked),
 * and beside it the clipping summary and the per-parameter norms before and after clipping as a
 * {@link GroupedBarChart} (the global norm first, the threshold drawn). Re-renders only; the numbers come
 * from the {@link GradientFlowViewModel}.
 */
public final class GradientFlowView {

    /** The panel's stylesheet, beside the package in the resources. */
    static final String STYLESHEET = "/org/seqlab/ui/panels/gradflow/gradflow.css";

    private final GradientFlowViewModel model;
    private final I18n i18n;
    private final BorderPane root = new BorderPane();
    private final VBox figure = new VBox(6);
    private final Label reading = new Label();
    private final Label summary = new Label();
    private final SeriesChart steps;
    private final GroupedBarChart bars;
    private final CheckBox clipOn = new CheckBox();
    private final CheckBox barsLog = new CheckBox();
    private final Spinner<Double> threshold = new Spinner<>();
    private final ObjectProperty<Double> thresholdObject;
    private final HBox charts;
    private final VBox right;

    public GradientFlowView(GradientFlowViewModel model, I18n i18n) {
        this.model = model;
        this.i18n = i18n;
        steps = new SeriesChart(i18n);
        steps.setId("gradflow-steps");
        bars = new GroupedBarChart(i18n);
        bars.setId("gradflow-bars");
        reading.setId("gradflow-reading");
        summary.setId("gradflow-summary");
        threshold.setId("gradflow-threshold");
        clipOn.setId("gradflow-clip");
        barsLog.setId("gradflow-bars-log");

        reading.textProperty().bind(model.readingProperty());
        reading.setWrapText(true);
        reading.getStyleClass().add("gradflow-reading");
        summary.textProperty().bind(model.clipSummaryProperty());
        summary.setWrapText(true);
        reading.setMinHeight(Region.USE_PREF_SIZE);   // wrap onto a second line rather than cut the sentence
        summary.setMinHeight(Region.USE_PREF_SIZE);

        clipOn.textProperty().bind(i18n.text("gradflow.clip.on"));
        clipOn.selectedProperty().bindBidirectional(model.clippingOnProperty());
        barsLog.textProperty().bind(i18n.text("gradflow.bars.log"));
        SpinnerValueFactory.DoubleSpinnerValueFactory values =
                new SpinnerValueFactory.DoubleSpinnerValueFactory(1e-6, 1e6, model.thresholdProperty().get(), 0.1);
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : ValueFormat.exact(v);
            }

            @Override
            public Double fromString(String s) {
                try {
                    double v = Double.parseDouble(s.strip());
                    return v > 0 && Double.isFinite(v) ? v : values.getValue();
                } catch (NumberFormatException e) {
                    return values.getValue();   // not a number: keep the threshold
                }
            }
        });
        threshold.setValueFactory(values);
        threshold.setEditable(true);
        threshold.setPrefWidth(110);
        threshold.disableProperty().bind(clipOn.selectedProperty().not());
        thresholdObject = model.thresholdProperty().asObject();
        values.valueProperty().bindBidirectional(thresholdObject);

        HBox controls = new HBox(10, clipOn, threshold, barsLog);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(4, 8, 4, 8));

        ScrollPane barsScroll = new ScrollPane(bars);
        barsScroll.setFitToWidth(true);
        barsScroll.setFitToHeight(true);
        barsScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        barsScroll.setStyle("-fx-background-color: transparent; -fx-background: transparent;");
        VBox right = new VBox(4, summary, barsScroll);
        VBox.setVgrow(barsScroll, Priority.ALWAYS);
        right.setPrefWidth(380);
        right.setMinWidth(260);
        charts = new HBox(10, steps, right);
        this.right = right;
        steps.setMaxWidth(Double.MAX_VALUE);
        steps.setMaxHeight(Double.MAX_VALUE);
        VBox.setVgrow(charts, Priority.ALWAYS);
        figure.getChildren().addAll(reading, charts);
        figure.setPadding(new Insets(4, 8, 8, 8));
        figure.getStyleClass().add("gradflow-figure");
        root.setTop(controls);
        root.setCenter(figure);
        root.getStyleClass().add("gradflow-panel");
        root.getStylesheets().add(GradientFlowView.class.getResource(STYLESHEET).toExternalForm());

        model.preparedProperty().addListener(obs -> renderSteps());
        model.clippingProperty().addListener(obs -> renderBars());
        model.preparedProperty().addListener(obs -> renderBars());
        barsLog.selectedProperty().addListener(obs -> renderBars());
        model.cursorStepProperty().addListener(obs -> renderMarker());
        i18n.languageProperty().addListener(obs -> {
            renderSteps();
            renderBars();
        });
        renderSteps();
        renderBars();
    }

    public Region root() {
        return root;
    }

    /** The figure (reading and charts, without the control bar). */
    public Region figure() {
        return figure;
    }

    /**
     * The figure with the background it is seen on (the first opaque one from it up to the scene, else
     * white), so that a snapshot of it alone keeps the theme's colours: light text on a dark theme stays
     * readable in the PNG.
     */
    public Region figureForExport() {
        return Snapshots.withSeenBackground(figure);
    }

    public SeriesChart stepsChart() {
        return steps;
    }

    public GroupedBarChart barsChart() {
        return bars;
    }

    private void renderSteps() {
        Prepared p = model.preparedProperty().get();
        boolean recurrent = p != null && p.hasRecurrence();
        // without recurrence the per-step chart only says so, and the parameters get the room
        HBox.setHgrow(steps, recurrent ? Priority.ALWAYS : Priority.NEVER);
        HBox.setHgrow(right, recurrent ? Priority.NEVER : Priority.ALWAYS);
        steps.setPrefWidth(recurrent ? Region.USE_COMPUTED_SIZE : 240);
        right.setMaxWidth(recurrent ? Region.USE_PREF_SIZE : Double.MAX_VALUE);
        if (!recurrent) {
            steps.setEmptyText(p == null ? i18n.get("gradflow.none") : i18n.get("gradflow.steps.none"));
            steps.setData(null);
            return;
        }
        List<SeriesChartData.Series> series = new ArrayList<>();
        for (StepNorms s : p.series()) {
            int[] t = s.steps();
            double[] x = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                x[i] = t[i];
            }
            series.add(new SeriesChartData.Series(s.name(), x, s.norms()));
        }
        steps.setData(new SeriesChartData(series, i18n.get("gradflow.steps.x"), i18n.get("gradflow.steps.y"),
                AxisScale.LOG10, p.stepLabels()));
        renderMarker();
    }

    private void renderMarker() {
        int t = model.cursorStepProperty().get();
        steps.setMarkerX(t >= 0 ? t : Double.NaN);
    }

    private void renderBars() {
        Prepared p = model.preparedProperty().get();
        if (p == null || p.flow().parameters().isEmpty()) {
            bars.setEmptyText(i18n.get(p == null ? "gradflow.none" : "gradflow.bars.none"));
            bars.setData(null);
            return;
        }
        GradientFlow flow = p.flow();
        Clipping c = model.clippingProperty().get();
        List<String> names = new ArrayList<>();
        names.add(i18n.get("gradflow.bars.global"));
        int n = flow.parameters().size() + 1;
        double[] pre = new double[n];
        double[] post = new double[n];
        pre[0] = flow.globalNorm();
        post[0] = c == null ? pre[0] : c.postNorm();
        for (int i = 1; i < n; i++) {
            GradientFlow.ParameterNorm pn = flow.parameters().get(i - 1);
            names.add(pn.name());
            pre[i] = pn.norm();
            post[i] = c == null ? pre[i] : c.parameters().get(i - 1).post();
        }
        List<GroupedBarChartData.Bars> series = c == null
                ? List.of(new GroupedBarChartData.Bars(i18n.get("gradflow.bars.norm"), pre))
                : List.of(new GroupedBarChartData.Bars(i18n.get("gradflow.bars.pre"), pre),
                        new GroupedBarChartData.Bars(i18n.get("gradflow.bars.post"), post));
        bars.setData(new GroupedBarChartData(names, series, i18n.get("gradflow.bars.title"),
                barsLog.isSelected() ? AxisScale.LOG10 : AxisScale.LINEAR, 1));
        bars.setThreshold(c == null ? Double.NaN : c.maxNorm());
        bars.setThresholdLabel(c == null ? "" : i18n.format("gradflow.bars.threshold", ValueFormat.exact(c.maxNorm())));
    }
}
