package org.seqlab.ui.viz.skin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SkinBase;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.AxisScale;
import org.seqlab.ui.viz.AxisTicks;
import org.seqlab.ui.viz.GroupedBarChart;
import org.seqlab.ui.viz.GroupedBarChartData;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The look of a {@link GroupedBarChart}: a read-out line, the legend, then on one canvas the row names
 * (right-aligned, cut from the front where too long), the bars of each row one under the other, the grid
 * and the value axis with its title, and the threshold as a dashed vertical line. The row under the mouse
 * is shaded and its exact values read out.
 *
 * <p>The skin listens to the control's properties, to the language of its {@link I18n} and to the theme's
 * text colour; {@link #dispose()} removes every listener.
 */
public class GroupedBarChartSkin extends SkinBase<GroupedBarChart> {

    private static final double GAP = 6;
    private static final double TICK = 4;
    private static final double SWATCH = 14;
    private static final double MIN_BAR = 6;
    private static final double MAX_BAR = 13;
    private static final double ROW_GAP = 6;
    private static final double FLOOR_MARK = 5;

    private final ChartText text = new ChartText();
    private final Label readout = new Label();
    private final Label empty = new Label();
    private final Canvas canvas = new Canvas();
    private final ReadOnlyIntegerWrapper hoveredRow = new ReadOnlyIntegerWrapper(this, "hoveredRow", -1);

    private final InvalidationListener changed = obs -> update();
    private final ChangeListener<I18n> i18nChanged = (obs, old, now) -> {
        if (old != null) {
            old.languageProperty().removeListener(changed);
        }
        if (now != null) {
            now.languageProperty().addListener(changed);
        }
        update();
    };
    private final InvalidationListener dataChanged = obs -> {
        hoveredRow.set(-1);
        update();
    };
    private final InvalidationListener hoverChanged = obs -> {
        updateReadout();
        redraw();
    };
    private final EventHandler<MouseEvent> mouseMoved = e -> hoveredRow.set(rowAt(e.getY()));
    private final EventHandler<MouseEvent> mouseExited = e -> hoveredRow.set(-1);

    private Geometry geometry;

    public GroupedBarChartSkin(GroupedBarChart chart) {
        super(chart);
        readout.getStyleClass().addAll("chart-readout", "chart-text");
        readout.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        empty.getStyleClass().addAll("chart-empty", "chart-text");
        canvas.getStyleClass().add("grouped-bar-chart-plot");
        getChildren().addAll(canvas, readout, empty, text.text, text.title);
        for (Node child : getChildren()) {
            child.setManaged(false);
        }
        chart.dataProperty().addListener(dataChanged);
        chart.thresholdProperty().addListener(changed);
        chart.thresholdLabelProperty().addListener(changed);
        chart.emptyTextProperty().addListener(changed);
        chart.i18nProperty().addListener(i18nChanged);
        chart.getI18n().languageProperty().addListener(changed);
        text.text.textFillProperty().addListener(changed);
        text.text.fontProperty().addListener(changed);
        hoveredRow.addListener(hoverChanged);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, mouseMoved);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, mouseExited);
        update();
    }

    @Override
    public void dispose() {
        GroupedBarChart chart = getSkinnable();
        if (chart == null) {
            return;
        }
        chart.dataProperty().removeListener(dataChanged);
        chart.thresholdProperty().removeListener(changed);
        chart.thresholdLabelProperty().removeListener(changed);
        chart.emptyTextProperty().removeListener(changed);
        chart.i18nProperty().removeListener(i18nChanged);
        chart.getI18n().languageProperty().removeListener(changed);
        text.text.textFillProperty().removeListener(changed);
        text.text.fontProperty().removeListener(changed);
        hoveredRow.removeListener(hoverChanged);
        canvas.removeEventHandler(MouseEvent.MOUSE_MOVED, mouseMoved);
        canvas.removeEventHandler(MouseEvent.MOUSE_EXITED, mouseExited);
        getChildren().clear();
        super.dispose();
    }

    /** The row under the mouse, or -1. */
    public ReadOnlyIntegerProperty hoveredRowProperty() {
        return hoveredRow.getReadOnlyProperty();
    }

    public String readoutText() {
        return readout.getText();
    }

    /** The value ticks drawn (empty before the first layout). */
    public List<AxisTicks.Tick> ticks() {
        return geometry == null ? List.of() : geometry.ticks;
    }

    /** The bar of series {@code series} in row {@code row}, in the chart's coordinates; empty when it has none. */
    public Optional<Bounds> barBounds(int row, int series) {
        Geometry g = geometry;
        GroupedBarChartData data = getSkinnable() == null ? null : getSkinnable().getData();
        if (g == null || data == null || g.data != data) {
            return Optional.empty();
        }
        double v = data.series().get(series).value(row);
        if (!data.drawable(v)) {
            return Optional.empty();
        }
        double x0 = g.px(g.origin());
        double x1 = g.px(v);
        double y0 = g.barY(row, series);
        return Optional.of(new BoundingBox(canvas.getLayoutX() + Math.min(x0, x1), canvas.getLayoutY() + y0,
                Math.abs(x1 - x0), g.barH));
    }

    /** The name drawn for a row (cut from the front with "…" where it does not fit). */
    public Optional<String> shownName(int row) {
        return geometry == null ? Optional.empty() : Optional.of(geometry.names.get(row));
    }

    private void redraw() {
        if (geometry != null) {
            draw(geometry);
        }
    }

    private I18n i18n() {
        I18n i18n = getSkinnable().getI18n();
        return i18n != null ? i18n : new I18n(Language.ENGLISH);
    }

    private void update() {
        GroupedBarChartData data = getSkinnable().getData();
        boolean has = data != null;
        canvas.setVisible(has);
        readout.setVisible(has);
        empty.setVisible(!has);
        String none = getSkinnable().getEmptyText();
        empty.setText(none != null ? none : i18n().get("chart.empty"));
        updateReadout();
        getSkinnable().requestLayout();
    }

    private void updateReadout() {
        GroupedBarChartData data = getSkinnable().getData();
        int row = hoveredRow.get();
        I18n i18n = i18n();
        if (data == null) {
            readout.setText("");
        } else if (row < 0 || row >= data.categories().size()) {
            readout.setText(i18n.get("chart.bars.hint"));
        } else {
            List<String> parts = new ArrayList<>();
            for (GroupedBarChartData.Bars b : data.series()) {
                parts.add(i18n.format("chart.bars.value", b.name(), ValueFormat.exact(b.value(row))));
            }
            readout.setText(i18n.format("chart.bars.hover", data.categories().get(row), String.join("  ·  ", parts)));
        }
    }

    private int rowAt(double y) {
        Geometry g = geometry;
        if (g == null) {
            return -1;
        }
        for (int r = 0; r < g.data.categories().size(); r++) {
            double top = g.rowY(r);
            if (y >= top && y < top + g.rowH) {
                return r;
            }
        }
        return -1;
    }

    // ---- geometry ----

    private final class Geometry {
        GroupedBarChartData data;
        double plotX;
        double plotY;
        double plotW;
        double plotH;
        double rowH;
        double barH;
        double headerGap;
        AxisTicks.Range range;
        List<AxisTicks.Tick> ticks = List.of();
        List<String> names = new ArrayList<>();
        List<double[]> legend = new ArrayList<>();   // x, y per entry
        List<String> legendText = new ArrayList<>();

        double origin() {
            return data.scale() == AxisScale.LINEAR ? 0 : range.min();
        }

        double px(double v) {
            double f;
            if (data.scale() == AxisScale.LOG10) {
                double lo = Math.log10(range.min());
                f = (Math.log10(v) - lo) / (Math.log10(range.max()) - lo);
            } else {
                f = (v - range.min()) / (range.max() - range.min());
            }
            return plotX + f * plotW;
        }

        double rowY(int row) {
            return plotY + row * rowH + (row >= data.headerRows() ? headerGap : 0);
        }

        double barY(int row, int series) {
            return rowY(row) + ROW_GAP / 2 + series * barH;
        }
    }

    private double line() {
        return text.lineHeight();
    }

    /** The legend's and the axis's heights around the rows. */
    private double chrome(GroupedBarChartData data) {
        double line = line();
        return line + GAP + line / 2 + TICK + 2 + line + (data.valueTitle().isBlank() ? 0 : line + 2);
    }

    private Geometry layout(GroupedBarChartData data, double w, double h) {
        Geometry g = new Geometry();
        g.data = data;
        double line = line();
        // legend on one line (wrapped when it must)
        double lx = 0;
        double ly = 0;
        List<String> entries = new ArrayList<>();
        for (GroupedBarChartData.Bars b : data.series()) {
            entries.add(b.name());
        }
        double threshold = getSkinnable().getThreshold();
        boolean thresholdEntry = !Double.isNaN(threshold) && !getSkinnable().getThresholdLabel().isBlank();
        if (thresholdEntry) {
            entries.add(getSkinnable().getThresholdLabel());
        }
        if (data.hasFloorValues()) {
            entries.add(i18n().get("chart.legend.floor"));
        }
        for (String e : entries) {
            double ew = SWATCH + 4 + text.width(e);
            if (lx > 0 && lx + ew > w) {
                lx = 0;
                ly += line + 2;
            }
            g.legend.add(new double[] {lx, ly});
            g.legendText.add(e);
            lx += ew + 14;
        }
        int rows = data.categories().size();
        int n = data.series().size();
        g.headerGap = data.headerRows() > 0 && data.headerRows() < rows ? GAP : 0;
        g.plotY = ly + line + GAP;
        double below = TICK + 2 + line + (data.valueTitle().isBlank() ? 0 : line + 2);
        double avail = Math.max(rows * (n * MIN_BAR + ROW_GAP), h - g.plotY - below - g.headerGap);
        g.barH = Math.max(MIN_BAR, Math.min(MAX_BAR, Math.floor((avail / rows - ROW_GAP) / n)));
        g.rowH = n * g.barH + ROW_GAP;
        g.plotH = rows * g.rowH + g.headerGap;

        double nameW = 0;
        for (String c : data.categories()) {
            nameW = Math.max(nameW, text.width(c, text.titleFont()));
        }
        nameW = Math.min(nameW, Math.max(60, w * 0.42));
        for (int r = 0; r < rows; r++) {
            g.names.add(text.fitFromEnd(data.categories().get(r), nameW,
                    r < data.headerRows() ? text.titleFont() : text.font()));
        }
        g.plotX = Math.ceil(nameW + GAP + TICK);
        g.range = data.valueRange(threshold);
        double lastLabel = text.width(AxisTicks.decadeLabel((int) Math.round(Math.log10(Math.abs(g.range.max()) + 1e-300))));
        g.plotW = Math.max(20, w - g.plotX - Math.max(lastLabel, text.width("0.000")) / 2 - 2);
        int most = Math.max(2, (int) (g.plotW / (text.width("0.00") + 18)));
        g.ticks = AxisTicks.ticks(g.range, data.scale(), most);
        return g;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        GroupedBarChartData data = getSkinnable().getData();
        if (data == null) {
            geometry = null;
            empty.resizeRelocate(x, y, w, h);
            return;
        }
        double rh = readout.prefHeight(w);
        readout.resizeRelocate(x, y, w, rh);
        canvas.setLayoutX(x);
        canvas.setLayoutY(y + rh + 2);
        canvas.setWidth(Math.floor(w));
        canvas.setHeight(Math.floor(Math.max(40, h - rh - 2)));
        geometry = layout(data, canvas.getWidth(), canvas.getHeight());
        draw(geometry);
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return left + 380 + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        GroupedBarChartData data = getSkinnable().getData();
        if (data == null) {
            return top + 120 + bottom;
        }
        int rows = data.categories().size();
        double rowH = data.series().size() * 10 + ROW_GAP;
        return top + Math.ceil(readout.prefHeight(-1) + 2 + chrome(data) + rows * rowH + GAP) + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return left + 160 + right;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        GroupedBarChartData data = getSkinnable().getData();
        if (data == null) {
            return top + 60 + bottom;
        }
        int rows = data.categories().size();
        double rowH = data.series().size() * MIN_BAR + ROW_GAP;
        return top + Math.ceil(readout.prefHeight(-1) + 2 + chrome(data) + rows * rowH + GAP) + bottom;
    }

    // ---- drawing ----

    private void draw(Geometry g) {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        GroupedBarChartData data = g.data;
        Color fg = text.color();
        double line = line();
        gc.setFont(text.font());
        gc.setTextBaseline(VPos.TOP);
        gc.setLineDashes();

        // legend
        int n = data.series().size();
        for (int i = 0; i < g.legend.size(); i++) {
            double ex = g.legend.get(i)[0];
            double ey = g.legend.get(i)[1];
            double cy = ey + line / 2;
            if (i < n) {
                gc.setFill(GroupedBarChart.colorOf(i));
                gc.fillRect(ex, cy - 5, SWATCH, 10);
            } else if (g.legendText.get(i).equals(getSkinnable().getThresholdLabel())) {
                thresholdStroke(gc);
                gc.strokeLine(ex + SWATCH / 2, cy - 7, ex + SWATCH / 2, cy + 7);
                gc.setLineDashes();
            } else {
                gc.setStroke(fg);
                gc.setLineWidth(1.5);
                floorMarker(gc, ex + SWATCH / 2, cy);
            }
            gc.setFill(fg);
            gc.setTextAlign(TextAlignment.LEFT);
            gc.fillText(g.legendText.get(i), ex + SWATCH + 4, ey);
        }

        double axisY = g.plotY + g.plotH;
        // hovered row
        int hover = hoveredRow.get();
        if (hover >= 0 && hover < data.categories().size()) {
            gc.setFill(text.muted(0.08));
            gc.fillRect(0, g.rowY(hover), g.plotX + g.plotW, g.rowH);
        }
        // grid and ticks
        gc.setLineWidth(1);
        gc.setTextAlign(TextAlignment.CENTER);
        for (AxisTicks.Tick t : g.ticks) {
            double tx = Math.round(g.px(t.value())) + 0.5;
            gc.setStroke(text.muted(0.14));
            gc.strokeLine(tx, g.plotY, tx, axisY);
            gc.setStroke(fg);
            gc.strokeLine(tx, axisY, tx, axisY + TICK);
            gc.setFill(fg);
            gc.fillText(t.label(), tx, axisY + TICK + 1);
        }
        gc.setStroke(fg);
        gc.strokeLine(g.plotX, Math.round(axisY) + 0.5, g.plotX + g.plotW, Math.round(axisY) + 0.5);
        gc.strokeLine(Math.round(g.plotX) + 0.5, g.plotY, Math.round(g.plotX) + 0.5, axisY);
        if (!data.valueTitle().isBlank()) {
            gc.setFont(text.titleFont());
            gc.setFill(fg);
            gc.fillText(data.valueTitle(), g.plotX + g.plotW / 2, axisY + TICK + 2 + line);
        }
        // the summary rows' separator
        if (g.headerGap > 0) {
            double sy = Math.round(g.rowY(data.headerRows()) - g.headerGap / 2) + 0.5;
            gc.setStroke(text.muted(0.35));
            gc.strokeLine(0, sy, g.plotX + g.plotW, sy);
        }
        // names and bars
        gc.setTextAlign(TextAlignment.RIGHT);
        for (int r = 0; r < data.categories().size(); r++) {
            gc.setFont(r < data.headerRows() ? text.titleFont() : text.font());
            gc.setFill(fg);
            gc.fillText(g.names.get(r), g.plotX - TICK - 2, g.rowY(r) + g.rowH / 2 - line / 2);
            for (int s = 0; s < n; s++) {
                double v = data.series().get(s).value(r);
                double by = g.barY(r, s);
                if (data.drawable(v)) {
                    double x0 = g.px(g.origin());
                    double x1 = g.px(v);
                    gc.setFill(GroupedBarChart.colorOf(s));
                    gc.fillRect(Math.min(x0, x1), by, Math.max(1, Math.abs(x1 - x0)), g.barH - 1);
                } else if (Double.isFinite(v)) {
                    gc.setStroke(GroupedBarChart.colorOf(s));
                    gc.setLineWidth(1.5);
                    floorMarker(gc, g.plotX + FLOOR_MARK + 1, by + g.barH / 2);
                }
            }
        }
        // threshold
        double threshold = getSkinnable().getThreshold();
        if (data.drawable(threshold)) {
            double tx = Math.round(g.px(threshold)) + 0.5;
            thresholdStroke(gc);
            gc.strokeLine(tx, g.plotY - 2, tx, axisY);
            gc.setLineDashes();
        }
    }

    private static void thresholdStroke(GraphicsContext gc) {
        gc.setStroke(org.seqlab.ui.viz.SeriesChart.THRESHOLD);
        gc.setLineWidth(1.5);
        gc.setLineDashes(6, 4);
    }

    private static void floorMarker(GraphicsContext gc, double cx, double cy) {
        double r = FLOOR_MARK - 1;
        gc.strokePolygon(new double[] {cx - r * 0.8, cx - r * 0.8, cx + r * 0.9}, new double[] {cy - r, cy + r, cy}, 3);
    }
}
