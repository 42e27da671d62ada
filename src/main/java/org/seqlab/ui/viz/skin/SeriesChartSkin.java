package org.seqlab.ui.viz.skin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SkinBase;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.TextAlignment;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.AxisScale;
import org.seqlab.ui.viz.AxisTicks;
import org.seqlab.ui.viz.SeriesChart;
import org.seqlab.ui.viz.SeriesChartData;
import org.seqlab.ui.viz.SeriesChartData.Series;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The look of a {@link SeriesChart}: a read-out line on top, then the legend, then the plot on a canvas
 * (grid, axes with their ticks and titles, the lines with a dot per point where points are sparse), and an
 * overlay canvas with the marker and the point under the mouse, so that moving the cursor or the mouse
 * does not redraw the lines. A series with more points than two per pixel column is drawn as one vertical
 * min-max stroke per column.
 *
 * <p>The skin listens to the control's properties, to the language of its {@link I18n} and to the theme's
 * text colour; {@link #dispose()} removes every listener.
 */
public class SeriesChartSkin extends SkinBase<SeriesChart> {

    /** A point of a series: its series's index in the data, and its own index in the series. */
    public record Point(int series, int index) {
    }

    private static final double GAP = 6;
    private static final double TICK = 4;
    private static final double SWATCH = 18;
    private static final double DOT = 3.5;
    private static final double FLOOR_MARK = 5;
    private static final double LINE_WIDTH = 2;
    /** On a log axis with values of 0 or below: the band under the lowest decade where their markers sit. */
    private static final double FLOOR_BAND = 14;

    private final ChartText text = new ChartText();
    private final Label readout = new Label();
    private final Label empty = new Label();
    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private final ReadOnlyObjectWrapper<Point> hovered = new ReadOnlyObjectWrapper<>(this, "hovered");

    private final InvalidationListener redraw = obs -> {
        hovered.set(null);
        update();
    };
    private final InvalidationListener textChanged = obs -> update();
    private final ChangeListener<I18n> i18nChanged = (obs, old, now) -> {
        if (old != null) {
            old.languageProperty().removeListener(textChanged);
        }
        if (now != null) {
            now.languageProperty().addListener(textChanged);
        }
        update();
    };
    private final InvalidationListener overlayChanged = obs -> drawOverlay();
    private final InvalidationListener hoverChanged = obs -> {
        updateReadout();
        drawOverlay();
    };
    private final EventHandler<MouseEvent> mouseMoved = e -> hovered.set(pointAt(e.getX(), e.getY()));
    private final EventHandler<MouseEvent> mouseExited = e -> hovered.set(null);

    private Geometry geometry;

    public SeriesChartSkin(SeriesChart chart) {
        super(chart);
        readout.getStyleClass().addAll("chart-readout", "chart-text");
        readout.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        empty.getStyleClass().addAll("chart-empty", "chart-text");
        base.getStyleClass().add("series-chart-plot");
        overlay.setMouseTransparent(true);
        getChildren().addAll(base, overlay, readout, empty, text.text, text.title);
        for (Node child : getChildren()) {
            child.setManaged(false);
        }
        chart.dataProperty().addListener(redraw);
        chart.thresholdProperty().addListener(textChanged);
        chart.thresholdLabelProperty().addListener(textChanged);
        chart.emptyTextProperty().addListener(textChanged);
        chart.markerXProperty().addListener(overlayChanged);
        chart.i18nProperty().addListener(i18nChanged);
        chart.getI18n().languageProperty().addListener(textChanged);
        text.text.textFillProperty().addListener(textChanged);
        text.text.fontProperty().addListener(textChanged);
        hovered.addListener(hoverChanged);
        base.addEventHandler(MouseEvent.MOUSE_MOVED, mouseMoved);
        base.addEventHandler(MouseEvent.MOUSE_EXITED, mouseExited);
        update();
    }

    @Override
    public void dispose() {
        SeriesChart chart = getSkinnable();
        if (chart == null) {
            return;
        }
        chart.dataProperty().removeListener(redraw);
        chart.thresholdProperty().removeListener(textChanged);
        chart.thresholdLabelProperty().removeListener(textChanged);
        chart.emptyTextProperty().removeListener(textChanged);
        chart.markerXProperty().removeListener(overlayChanged);
        chart.i18nProperty().removeListener(i18nChanged);
        chart.getI18n().languageProperty().removeListener(textChanged);
        text.text.textFillProperty().removeListener(textChanged);
        text.text.fontProperty().removeListener(textChanged);
        hovered.removeListener(hoverChanged);
        base.removeEventHandler(MouseEvent.MOUSE_MOVED, mouseMoved);
        base.removeEventHandler(MouseEvent.MOUSE_EXITED, mouseExited);
        getChildren().clear();
        super.dispose();
    }

    /** The point under the mouse, or {@code null}. */
    public ReadOnlyObjectProperty<Point> hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    /** The read-out line: the hint, or the hovered point with its exact value. */
    public String readoutText() {
        return readout.getText();
    }

    /** The y ticks drawn (empty before the first layout). */
    public List<AxisTicks.Tick> yTicks() {
        return geometry == null ? List.of() : geometry.yTicks;
    }

    /** The x ticks drawn (empty before the first layout). */
    public List<AxisTicks.Tick> xTicks() {
        return geometry == null ? List.of() : geometry.xTicks;
    }

    /**
     * Where a point is drawn, in the chart's coordinates (a point off the log scale: its floor marker); empty
     * before the first layout, without data, or for a NaN.
     */
    public Optional<Point2D> pointPosition(int series, int index) {
        Geometry g = geometry;
        SeriesChartData data = getSkinnable() == null ? null : getSkinnable().getData();
        if (g == null || data == null || g.data != data) {
            return Optional.empty();
        }
        Series s = data.series().get(series);
        double y = s.y(index);
        if (Double.isNaN(y)) {
            return Optional.empty();
        }
        return Optional.of(new Point2D(base.getLayoutX() + g.px(s.x(index)), base.getLayoutY() + g.pyOrFloor(y)));
    }

    // ---- reacting ----

    private I18n i18n() {
        I18n i18n = getSkinnable().getI18n();
        return i18n != null ? i18n : new I18n(Language.ENGLISH);
    }

    private void update() {
        SeriesChartData data = getSkinnable().getData();
        boolean has = data != null;
        base.setVisible(has);
        overlay.setVisible(has);
        readout.setVisible(has);
        empty.setVisible(!has);
        String none = getSkinnable().getEmptyText();
        empty.setText(none != null ? none : i18n().get("chart.empty"));
        updateReadout();
        getSkinnable().requestLayout();
    }

    private void updateReadout() {
        SeriesChartData data = getSkinnable().getData();
        Point p = hovered.get();
        I18n i18n = i18n();
        if (data == null) {
            readout.setText("");
            return;
        }
        if (p == null || p.series() >= data.series().size() || p.index() >= data.series().get(p.series()).size()) {
            readout.setText(i18n.get("chart.hint"));
            return;
        }
        Series s = data.series().get(p.series());
        double x = s.x(p.index());
        String xName = data.xTitle().isBlank() ? "x" : data.xTitle();
        String yName = data.yTitle().isBlank() ? "y" : data.yTitle();
        String xText = ValueFormat.exact(x);
        String label = data.xLabel(x);
        String y = ValueFormat.exact(s.y(p.index()));
        readout.setText(label == null
                ? i18n.format("chart.hover.point", s.name(), xName, xText, yName, y)
                : i18n.format("chart.hover.pointLabel", s.name(), xName, xText, HeatmapSkin.shown(label), yName, y));
    }

    private Point pointAt(double mx, double my) {
        Geometry g = geometry;
        SeriesChartData data = getSkinnable().getData();
        if (g == null || data == null || mx < g.plotX - GAP || mx > g.plotX + g.plotW + GAP || my < g.plotY - GAP
                || my > g.plotY + g.plotH + GAP) {
            return null;
        }
        double x = g.dataX(mx);
        Point best = null;
        double bestD = Double.POSITIVE_INFINITY;
        for (int si = 0; si < data.series().size(); si++) {
            Series s = data.series().get(si);
            int i = s.nearest(x);
            if (i < 0 || Double.isNaN(s.y(i))) {
                continue;
            }
            double dx = g.px(s.x(i)) - mx;
            double dy = g.pyOrFloor(s.y(i)) - my;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = new Point(si, i);
            }
        }
        return best;
    }

    // ---- geometry ----

    /** Where everything goes, in the canvas's coordinates (the canvas covers the content area below the read-out). */
    private final class Geometry {
        SeriesChartData data;
        double plotX;
        double plotY;
        double plotW;
        double plotH;
        double floorBand;
        AxisTicks.Range xr;
        AxisTicks.Range yr;
        List<AxisTicks.Tick> xTicks = List.of();
        List<AxisTicks.Tick> yTicks = List.of();
        List<LegendEntry> legend = new ArrayList<>();

        double px(double x) {
            return plotX + (x - xr.min()) / (xr.max() - xr.min()) * plotW;
        }

        double dataX(double px) {
            return xr.min() + (px - plotX) / plotW * (xr.max() - xr.min());
        }

        double py(double y) {
            double f;
            if (data.yScale() == AxisScale.LOG10) {
                double lo = Math.log10(yr.min());
                f = (Math.log10(y) - lo) / (Math.log10(yr.max()) - lo);
            } else {
                f = (y - yr.min()) / (yr.max() - yr.min());
            }
            return plotY + (1 - f) * (plotH - floorBand);
        }

        /** Where a y is drawn: its place, or the floor marker's for one off the log axis; ±∞ at the edges. */
        double pyOrFloor(double y) {
            if (y == Double.POSITIVE_INFINITY) {
                return plotY;
            }
            if (y == Double.NEGATIVE_INFINITY) {
                return plotY + plotH;
            }
            return data.drawable(y) ? py(y) : floorY();
        }

        /** Where the markers of values off the log axis are drawn: in the floor band under the lowest decade. */
        double floorY() {
            return plotY + plotH - Math.max(FLOOR_MARK, floorBand / 2);
        }
    }

    private record LegendEntry(String text, double x, double y, int kind) {
        static final int SERIES = 0;
        static final int THRESHOLD = 1;
        static final int FLOOR = 2;
    }

    private Geometry layout(SeriesChartData data, double w, double h) {
        Geometry g = new Geometry();
        g.data = data;
        double line = text.lineHeight();
        // the legend: series, threshold, floor markers, wrapped over as many lines as it needs
        List<String> entries = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        for (Series s : data.series()) {
            entries.add(s.name());
            kinds.add(LegendEntry.SERIES);
        }
        double threshold = getSkinnable().getThreshold();
        if (!Double.isNaN(threshold) && !getSkinnable().getThresholdLabel().isBlank()) {
            entries.add(getSkinnable().getThresholdLabel());
            kinds.add(LegendEntry.THRESHOLD);
        }
        if (data.hasFloorPoints()) {
            entries.add(i18n().get("chart.legend.floor"));
            kinds.add(LegendEntry.FLOOR);
        }
        double lx = 0;
        double ly = 0;
        for (int i = 0; i < entries.size(); i++) {
            double ew = SWATCH + 4 + text.width(entries.get(i));
            if (lx > 0 && lx + ew > w) {
                lx = 0;
                ly += line + 2;
            }
            g.legend.add(new LegendEntry(entries.get(i), lx, ly, kinds.get(i)));
            lx += ew + 14;
        }
        double legendH = entries.isEmpty() ? 0 : ly + line + GAP;

        g.xr = data.xRange();
        boolean wholeX = wholeX(data);
        if (wholeX) {
            g.xr = new AxisTicks.Range(g.xr.min() - 0.5, g.xr.max() + 0.5);
        }
        g.yr = data.yRange(threshold);
        boolean labels = !data.xLabels().isEmpty();
        double xTitleH = data.xTitle().isBlank() ? 0 : line + 2;
        double bottom = TICK + 2 + line + (labels ? line : 0) + xTitleH;
        g.plotY = legendH + line / 2;
        g.plotH = Math.max(20, h - g.plotY - bottom);
        g.floorBand = data.hasFloorPoints() ? FLOOR_BAND : 0;
        int yMax = Math.max(2, (int) ((g.plotH - g.floorBand) / (line * 1.8)));
        g.yTicks = AxisTicks.ticks(g.yr, data.yScale(), yMax);
        double labelW = 0;
        for (AxisTicks.Tick t : g.yTicks) {
            labelW = Math.max(labelW, text.width(t.label()));
        }
        double yTitleW = data.yTitle().isBlank() ? 0 : line + GAP;
        g.plotX = Math.ceil(yTitleW + labelW + TICK + 3);
        double widest = text.width(ValueFormat.compact(g.xr.max())) + 14;
        if (labels) {
            for (String s : data.xLabels()) {
                widest = Math.max(widest, text.width(HeatmapSkin.shown(s)) + 8);
            }
        }
        g.plotW = Math.max(20, w - g.plotX - widest / 2);
        int xMax = Math.max(2, (int) (g.plotW / widest));
        g.xTicks = AxisTicks.ticks(new AxisTicks.Range(wholeX ? g.xr.min() + 0.5 : g.xr.min(),
                wholeX ? g.xr.max() - 0.5 + 1e-9 : g.xr.max()), AxisScale.LINEAR, xMax, wholeX ? 1 : 0);
        return g;
    }

    private static boolean wholeX(SeriesChartData data) {
        for (Series s : data.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.x(i) != Math.rint(s.x(i))) {
                    return false;
                }
            }
        }
        return data.xRange().max() - data.xRange().min() <= 2000;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        SeriesChartData data = getSkinnable().getData();
        if (data == null) {
            geometry = null;
            empty.resizeRelocate(x, y, w, h);
            return;
        }
        double rh = readout.prefHeight(w);
        readout.resizeRelocate(x, y, w, rh);
        double cy = y + rh + 2;
        double ch = Math.max(40, h - rh - 2);
        base.setLayoutX(x);
        base.setLayoutY(cy);
        base.setWidth(Math.floor(w));
        base.setHeight(Math.floor(ch));
        overlay.setLayoutX(x);
        overlay.setLayoutY(cy);
        overlay.setWidth(Math.floor(w));
        overlay.setHeight(Math.floor(ch));
        geometry = layout(data, Math.floor(w), Math.floor(ch));
        drawBase(geometry);
        drawOverlay();
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return left + 480 + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return top + 300 + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return left + 160 + right;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return top + 120 + bottom;
    }

    // ---- drawing ----

    private void drawBase(Geometry g) {
        GraphicsContext gc = base.getGraphicsContext2D();
        gc.clearRect(0, 0, base.getWidth(), base.getHeight());
        SeriesChartData data = g.data;
        Color fg = text.color();
        double line = text.lineHeight();
        gc.setFont(text.font());
        gc.setTextBaseline(VPos.TOP);

        // legend
        for (LegendEntry e : g.legend) {
            double cy = e.y() + line / 2;
            gc.setLineDashes();
            if (e.kind() == LegendEntry.SERIES) {
                int si = g.legend.indexOf(e);
                gc.setStroke(SeriesChart.colorOf(si));
                gc.setLineWidth(LINE_WIDTH + 1);
                gc.strokeLine(e.x(), cy, e.x() + SWATCH, cy);
            } else if (e.kind() == LegendEntry.THRESHOLD) {
                thresholdStroke(gc);
                gc.strokeLine(e.x(), cy, e.x() + SWATCH, cy);
            } else {
                gc.setStroke(fg);
                gc.setLineWidth(1.5);
                floorMarker(gc, e.x() + SWATCH / 2, cy);
            }
            gc.setFill(fg);
            gc.setTextAlign(TextAlignment.LEFT);
            gc.fillText(e.text(), e.x() + SWATCH + 4, e.y());
        }

        // grid and y ticks
        gc.setLineDashes();
        gc.setLineWidth(1);
        gc.setTextAlign(TextAlignment.RIGHT);
        for (AxisTicks.Tick t : g.yTicks) {
            double ty = Math.round(g.py(t.value())) + 0.5;
            gc.setStroke(text.muted(0.14));
            gc.strokeLine(g.plotX, ty, g.plotX + g.plotW, ty);
            gc.setStroke(fg);
            gc.strokeLine(g.plotX - TICK, ty, g.plotX, ty);
            gc.setFill(fg);
            gc.fillText(t.label(), g.plotX - TICK - 2, ty - line / 2);
        }
        // x ticks
        gc.setTextAlign(TextAlignment.CENTER);
        double axisY = g.plotY + g.plotH;
        for (AxisTicks.Tick t : g.xTicks) {
            double tx = Math.round(g.px(t.value())) + 0.5;
            gc.setStroke(text.muted(0.08));
            gc.strokeLine(tx, g.plotY, tx, axisY);
            gc.setStroke(fg);
            gc.strokeLine(tx, axisY, tx, axisY + TICK);
            gc.setFill(fg);
            gc.fillText(t.label(), tx, axisY + TICK + 1);
            String label = data.xLabel(t.value());
            if (label != null) {
                gc.setFill(text.muted(0.7));
                gc.fillText(HeatmapSkin.shown(label), tx, axisY + TICK + 1 + line);
            }
        }
        if (g.floorBand > 0) {   // the floor band is not part of the scale: mark where the scale ends
            double by = Math.round(g.plotY + g.plotH - g.floorBand) + 0.5;
            gc.setStroke(text.muted(0.45));
            gc.setLineDashes(2, 3);
            gc.strokeLine(g.plotX, by, g.plotX + g.plotW, by);
            gc.setLineDashes();
        }
        // axes
        gc.setStroke(fg);
        gc.strokeLine(Math.round(g.plotX) + 0.5, g.plotY, Math.round(g.plotX) + 0.5, axisY);
        gc.strokeLine(g.plotX, Math.round(axisY) + 0.5, g.plotX + g.plotW, Math.round(axisY) + 0.5);
        // titles
        gc.setFont(text.titleFont());
        gc.setFill(fg);
        if (!data.xTitle().isBlank()) {
            gc.setTextAlign(TextAlignment.CENTER);
            double ty = axisY + TICK + 2 + line * (data.xLabels().isEmpty() ? 1 : 2);
            gc.fillText(data.xTitle(), g.plotX + g.plotW / 2, ty);
        }
        if (!data.yTitle().isBlank()) {
            gc.save();
            gc.translate(1, g.plotY + g.plotH / 2);
            gc.rotate(-90);
            gc.setTextAlign(TextAlignment.CENTER);
            gc.fillText(data.yTitle(), 0, 0);
            gc.restore();
        }
        gc.setFont(text.font());

        // threshold
        double threshold = getSkinnable().getThreshold();
        if (data.drawable(threshold)) {
            double ty = Math.round(g.py(threshold)) + 0.5;
            thresholdStroke(gc);
            gc.strokeLine(g.plotX, ty, g.plotX + g.plotW, ty);
            gc.setLineDashes();
        }

        // lines
        gc.save();
        gc.beginPath();
        gc.rect(g.plotX - DOT - 1, g.plotY - DOT - 1, g.plotW + 2 * DOT + 2, g.plotH + 2 * DOT + 2);
        gc.clip();
        for (int si = 0; si < data.series().size(); si++) {
            drawSeries(gc, g, data.series().get(si), SeriesChart.colorOf(si));
        }
        gc.restore();
    }

    private static void thresholdStroke(GraphicsContext gc) {
        gc.setStroke(SeriesChart.THRESHOLD);
        gc.setLineWidth(1.5);
        gc.setLineDashes(6, 4);
    }

    private static void floorMarker(GraphicsContext gc, double cx, double cy) {
        double r = FLOOR_MARK - 1;
        gc.strokePolygon(new double[] {cx - r, cx + r, cx}, new double[] {cy - r * 0.8, cy - r * 0.8, cy + r * 0.9}, 3);
    }

    private void drawSeries(GraphicsContext gc, Geometry g, Series s, Color color) {
        int n = s.size();
        gc.setStroke(color);
        gc.setFill(color);
        gc.setLineWidth(LINE_WIDTH);
        gc.setLineCap(StrokeLineCap.ROUND);
        gc.setLineDashes();
        SeriesChartData data = g.data;
        if (n > 2 * g.plotW) {
            // dense: one min-max stroke per pixel column, joined column to column
            int cols = (int) Math.ceil(g.plotW) + 1;
            double[] lo = new double[cols];
            double[] hi = new double[cols];
            java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                if (!data.drawable(s.y(i))) {
                    continue;
                }
                int c = (int) Math.max(0, Math.min(cols - 1, Math.floor(g.px(s.x(i)) - g.plotX)));
                double py = g.py(s.y(i));
                lo[c] = Math.min(lo[c], py);
                hi[c] = Math.max(hi[c], py);
            }
            gc.setLineWidth(1.5);
            gc.beginPath();
            boolean open = false;
            for (int c = 0; c < cols; c++) {
                if (lo[c] > hi[c]) {
                    open = false;
                    continue;
                }
                double px = g.plotX + c + 0.5;
                if (open) {
                    gc.lineTo(px, lo[c]);
                } else {
                    gc.moveTo(px, lo[c]);
                    open = true;
                }
                gc.lineTo(px, hi[c]);
            }
            gc.stroke();
            return;
        }
        gc.beginPath();
        boolean open = false;
        for (int i = 0; i < n; i++) {
            double y = s.y(i);
            if (!data.drawable(y)) {
                open = false;
                continue;
            }
            double px = g.px(s.x(i));
            double py = g.py(y);
            if (open) {
                gc.lineTo(px, py);
            } else {
                gc.moveTo(px, py);
                open = true;
            }
        }
        gc.stroke();
        boolean dots = n <= g.plotW / 5;
        gc.setLineWidth(1.5);
        for (int i = 0; i < n; i++) {
            double y = s.y(i);
            double px = g.px(s.x(i));
            if (data.drawable(y)) {
                if (dots) {
                    gc.fillOval(px - DOT, g.py(y) - DOT, 2 * DOT, 2 * DOT);
                }
            } else if (Double.isFinite(y)) {
                floorMarker(gc, px, g.floorY());
            }
        }
    }

    private void drawOverlay() {
        Geometry g = geometry;
        SeriesChartData data = getSkinnable() == null ? null : getSkinnable().getData();
        GraphicsContext gc = overlay.getGraphicsContext2D();
        gc.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (g == null || data == null || g.data != data) {
            return;
        }
        double marker = getSkinnable().getMarkerX();
        if (Double.isFinite(marker) && marker >= g.xr.min() && marker <= g.xr.max()) {
            double mx = Math.round(g.px(marker)) + 0.5;
            gc.setStroke(SeriesChart.MARKER);
            gc.setLineWidth(3);
            gc.setLineDashes();
            gc.strokeLine(mx, g.plotY, mx, g.plotY + g.plotH);
        }
        Point p = hovered.get();
        if (p != null && p.series() < data.series().size()) {
            Series s = data.series().get(p.series());
            if (p.index() < s.size() && !Double.isNaN(s.y(p.index()))) {
                double px = g.px(s.x(p.index()));
                double py = g.pyOrFloor(s.y(p.index()));
                gc.setLineWidth(2);
                gc.setStroke(text.color());
                gc.strokeOval(px - DOT - 3, py - DOT - 3, 2 * DOT + 6, 2 * DOT + 6);
            }
        }
    }
}
