package org.seqlab.ui.viz.skin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SkinBase;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.transform.Rotate;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.ColorMap;
import org.seqlab.ui.viz.Heatmap;
import org.seqlab.ui.viz.HeatmapData;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The look of a {@link Heatmap}: a read-out line on top, the cells on a canvas (one pixel write per
 * screen pixel, so 256 × 256 draws in milliseconds), an overlay canvas for the cursor's row and column
 * and the cell under the mouse, tick labels (thinned out where they would crowd, rotated 45° where long
 * column labels would not fit), axis titles, and on the right a colour bar labelled at its ends and at 0
 * with a legend for masked, not-yet-computed and non-finite cells.
 *
 * <p>Masked cells are grey with diagonal hatching, columns beyond the heatmap's {@code visibleColumns} a
 * flat light grey, NaN and ±∞ magenta — none of them a colour any value maps to. The skin listens to the
 * control's properties and to the language of its {@link I18n}; {@link #dispose()} removes every listener.
 */
public class HeatmapSkin extends SkinBase<Heatmap> {

    /** A cell of the matrix. */
    public record Cell(int row, int column) {
    }

    /** The debugger cursor's colour, outlining its row and column: {@code -seqlab-cursor} of the root stylesheet. */
    public static final Color CURSOR = Color.web("#ffb020");
    private static final Color CURSOR_EDGE = Color.web("#5c3d00");
    private static final Color BAR_EDGE = Color.web("#9a9a9a");
    private static final int SEPARATOR = 0xFFFFFFFF;
    private static final int HATCH_PERIOD = 6;
    private static final int HATCH_WIDTH = 2;

    /** How far the overlay reaches beyond the plot, for outlines drawn outside the cells they mark. */
    private static final int PAD = 3;
    private static final double GAP = 6;
    private static final double TICK = 4;
    private static final double BAR_WIDTH = 14;
    private static final double SWATCH = 12;
    private static final double MAX_CELL = 64;
    private static final double PREF_PLOT = 400;
    private static final double MIN_PREF_CELL = 2;
    private static final double MAX_PREF_CELL = 30;
    private static final double MAX_LEVEL_CELL = 44;
    private static final double MAX_PREF_PLOT = 560;
    private static final int MAX_LABEL_CHARS = 14;
    private static final double SIN45 = Math.sqrt(0.5);

    private final Label readout = label("heatmap-readout");
    private final Label rowTitle = label("axis-title");
    private final Label columnTitle = label("axis-title");
    private final Label empty = label("heatmap-empty");
    private final Label prototype = label("tick-label");
    private final Pane rowTicks = new Pane();
    private final Pane columnTicks = new Pane();
    private final Canvas cells = new Canvas();
    private final Canvas overlay = new Canvas();
    private final Canvas colorBar = new Canvas();
    private final Pane colorBarLabels = new Pane();
    private final Pane legend = new Pane();
    private final Text measure = new Text();

    private final ReadOnlyObjectWrapper<Cell> hoveredCell = new ReadOnlyObjectWrapper<>(this, "hoveredCell");

    private final InvalidationListener dataChanged = obs -> dataChanged();
    private final InvalidationListener textChanged = obs -> textsChanged();
    private final ChangeListener<I18n> i18nChanged = (obs, old, now) -> {
        if (old != null) {
            old.languageProperty().removeListener(textChanged);
        }
        if (now != null) {
            now.languageProperty().addListener(textChanged);
        }
        textsChanged();
    };
    private final InvalidationListener overlayChanged = obs -> drawOverlay();
    private final InvalidationListener visibleColumnsChanged = obs -> {
        cellsDirty = true;
        textsChanged();
    };
    private final InvalidationListener layoutChanged = obs -> getSkinnable().requestLayout();
    private final EventHandler<MouseEvent> mouseMoved = e -> hoveredCell.set(cellAt(e.getX(), e.getY())
            .orElse(null));
    private final EventHandler<MouseEvent> mouseExited = e -> hoveredCell.set(null);
    private final EventHandler<MouseEvent> mouseClicked = e -> {
        if (getSkinnable().isRowSelectable()) {
            cellAt(e.getX(), e.getY()).ifPresent(c -> getSkinnable().setHighlightedRow(c.row()));
        }
    };
    private final InvalidationListener hoverChanged = obs -> {
        updateReadout();
        drawOverlay();
    };

    private Geometry geometry;
    private Geometry drawnGeometry;
    private HeatmapData drawnData;
    private boolean cellsDirty = true;
    private Texts texts;

    public HeatmapSkin(Heatmap heatmap) {
        super(heatmap);
        rowTitle.setRotate(-90);
        readout.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);   // where space is short, keep the value in view
        for (Node decoration : List.of(overlay, rowTicks, columnTicks, colorBarLabels, legend)) {
            decoration.setMouseTransparent(true);   // a Pane picks on its bounds: let the mouse reach the cells
        }
        prototype.setVisible(false);
        prototype.setManaged(false);
        prototype.setText("Xg");
        cells.getStyleClass().add("heatmap-cells");
        colorBar.getStyleClass().add("heatmap-colorbar");
        colorBarLabels.getStyleClass().add("heatmap-colorbar-labels");
        legend.getStyleClass().add("heatmap-legend");
        rowTicks.getStyleClass().add("heatmap-row-ticks");
        columnTicks.getStyleClass().add("heatmap-column-ticks");
        getChildren().addAll(cells, overlay, rowTicks, columnTicks, rowTitle, columnTitle, colorBar, colorBarLabels,
                legend, readout, empty, prototype);
        for (Node child : getChildren()) {
            child.setManaged(false); // placed by layoutChildren; a canvas resized there must not ask for layout
        }

        heatmap.dataProperty().addListener(dataChanged);
        heatmap.i18nProperty().addListener(i18nChanged);
        heatmap.getI18n().languageProperty().addListener(textChanged);
        heatmap.highlightedRowProperty().addListener(overlayChanged);
        heatmap.highlightedColumnProperty().addListener(overlayChanged);
        heatmap.visibleColumnsProperty().addListener(visibleColumnsChanged);
        heatmap.visibleRowsProperty().addListener(visibleColumnsChanged);
        heatmap.squareCellsProperty().addListener(layoutChanged);
        hoveredCell.addListener(hoverChanged);
        cells.addEventHandler(MouseEvent.MOUSE_MOVED, mouseMoved);
        cells.addEventHandler(MouseEvent.MOUSE_EXITED, mouseExited);
        cells.addEventHandler(MouseEvent.MOUSE_CLICKED, mouseClicked);
        dataChanged();
    }

    @Override
    public void dispose() {
        Heatmap heatmap = getSkinnable();
        if (heatmap == null) {
            return;
        }
        heatmap.dataProperty().removeListener(dataChanged);
        heatmap.i18nProperty().removeListener(i18nChanged);
        heatmap.getI18n().languageProperty().removeListener(textChanged);
        heatmap.highlightedRowProperty().removeListener(overlayChanged);
        heatmap.highlightedColumnProperty().removeListener(overlayChanged);
        heatmap.visibleColumnsProperty().removeListener(visibleColumnsChanged);
        heatmap.visibleRowsProperty().removeListener(visibleColumnsChanged);
        heatmap.squareCellsProperty().removeListener(layoutChanged);
        hoveredCell.removeListener(hoverChanged);
        cells.removeEventHandler(MouseEvent.MOUSE_MOVED, mouseMoved);
        cells.removeEventHandler(MouseEvent.MOUSE_CLICKED, mouseClicked);
        cells.removeEventHandler(MouseEvent.MOUSE_EXITED, mouseExited);
        getChildren().clear();
        super.dispose();
    }

    /** The cell under the mouse, or {@code null}. */
    public ReadOnlyObjectProperty<Cell> hoveredCellProperty() {
        return hoveredCell.getReadOnlyProperty();
    }

    /** The text of the read-out line (the hint, or the hovered cell with its exact value). */
    public String readoutText() {
        return readout.getText();
    }

    /** Where a cell is drawn, in the heatmap's coordinates; empty before the first layout or without data. */
    public Optional<Bounds> cellBounds(int row, int column) {
        Geometry g = geometry;
        HeatmapData data = getSkinnable() == null ? null : getSkinnable().getData();
        if (g == null || data == null || g.rows != data.rows() || g.cols != data.cols()) {
            return Optional.empty();
        }
        Objects.checkIndex(row, g.rows);
        Objects.checkIndex(column, g.cols);
        double x0 = g.plotX + g.colStart(column);
        double y0 = g.plotY + g.rowStart(row);
        return Optional.of(new BoundingBox(x0, y0, g.plotX + g.colStart(column + 1) - x0,
                g.plotY + g.rowStart(row + 1) - y0));
    }

    /** The cell at a point of the cells canvas, if there is one. */
    private Optional<Cell> cellAt(double x, double y) {
        Geometry g = geometry;
        if (g == null || x < 0 || y < 0 || x >= g.plotW || y >= g.plotH) {
            return Optional.empty();
        }
        return Optional.of(new Cell(g.rowOf((int) y), g.colOf((int) x)));
    }

    // ---- reacting to the control ----

    private void dataChanged() {
        hoveredCell.set(null);
        cellsDirty = true;
        texts = null;
        HeatmapData data = getSkinnable().getData();
        boolean has = data != null;
        for (Node n : List.of(cells, overlay, rowTicks, columnTicks, rowTitle, columnTitle, colorBar, colorBarLabels,
                legend, readout)) {
            n.setVisible(has);
        }
        empty.setVisible(!has);
        if (has) {
            rowTitle.setText(data.rowTitle());
            columnTitle.setText(data.columnTitle());
            rowTicks.getChildren().clear();    // tick labels are made in layout, for the ticks that fit
            columnTicks.getChildren().clear();
            rebuildColorBarLabels(data.colorMap());
        }
        textsChanged();
    }

    private void textsChanged() {
        texts = null;
        updateReadout();
        rebuildLegend();
        empty.setText(i18n().get("heatmap.empty"));
        getSkinnable().requestLayout();
    }

    private I18n i18n() {
        I18n i18n = getSkinnable().getI18n();
        return i18n != null ? i18n : new I18n(Language.ENGLISH);
    }

    private void updateReadout() {
        HeatmapData data = getSkinnable().getData();
        Cell cell = hoveredCell.get();
        I18n i18n = i18n();
        if (data == null) {
            readout.setText("");
        } else if (cell == null || cell.row() >= data.rows() || cell.column() >= data.cols()) {
            readout.setText(i18n.get("heatmap.hint"));
        } else {
            int r = cell.row();
            int c = cell.column();
            String row = axisPart(i18n, data.rowTitle(), i18n.get("heatmap.hover.row"), r,
                    data.hasRowLabels() ? data.rowLabel(r) : null);
            String column = axisPart(i18n, data.columnTitle(), i18n.get("heatmap.hover.column"), c,
                    data.hasColumnLabels() ? data.columnLabel(c) : null);
            String exact = ValueFormat.exact(data.value(r, c));
            String value;
            if (getSkinnable().isCellHidden(r, c)) {
                value = i18n.get("heatmap.hover.hidden");
            } else if (data.isMasked(r, c)) {
                value = i18n.format("heatmap.hover.masked", exact);
            } else {
                value = i18n.format("heatmap.hover.value", exact);
            }
            readout.setText(i18n.format("heatmap.hover.cell", row, column, value));
        }
    }

    private static String axisPart(I18n i18n, String title, String fallback, int index, String label) {
        String name = title.isBlank() ? fallback : title;
        return label == null
                ? i18n.format("heatmap.hover.index", name, Integer.toString(index))
                : i18n.format("heatmap.hover.indexLabel", name, Integer.toString(index), shown(label));
    }

    // ---- nodes whose content follows the data ----

    private void rebuildColorBarLabels(ColorMap map) {
        colorBarLabels.getChildren().clear();
        List<Double> values = new ArrayList<>(List.of(map.max(), map.min()));
        if (map.min() < 0 && map.max() > 0) {
            values.add(0.0);
        }
        for (double v : values) {
            Label label = label("colorbar-label");
            label.setText(ValueFormat.compact(v));
            label.setUserData(v);
            label.setManaged(false);
            colorBarLabels.getChildren().add(label);
        }
    }

    private void rebuildLegend() {
        legend.getChildren().clear();
        HeatmapData data = getSkinnable().getData();
        if (data == null) {
            return;
        }
        I18n i18n = i18n();
        if (data.hasMask()) {
            legend.getChildren().add(legendEntry(swatch(true, ColorMap.MASKED), i18n.get("heatmap.legend.masked"),
                    "legend-masked"));
        }
        int visible = getSkinnable().getVisibleColumns();
        int visibleRows = getSkinnable().getVisibleRows();
        if (visible >= 0 && visible < data.cols() || visibleRows >= 0 && visibleRows < data.rows()) {
            legend.getChildren().add(legendEntry(swatch(false, ColorMap.HIDDEN), i18n.get("heatmap.legend.hidden"),
                    "legend-hidden"));
        }
        if (data.hasNonFinite()) {
            legend.getChildren().add(legendEntry(swatch(false, ColorMap.NON_FINITE),
                    i18n.get("heatmap.legend.nonFinite"), "legend-non-finite"));
        }
    }

    private static Label legendEntry(Canvas swatch, String text, String styleClass) {
        Label entry = label("legend-label");
        entry.getStyleClass().add(styleClass);
        entry.setText(text);
        entry.setGraphic(swatch);
        entry.setGraphicTextGap(5);
        entry.setManaged(false);
        return entry;
    }

    private static Canvas swatch(boolean hatched, Color color) {
        int size = (int) SWATCH;
        Canvas swatch = new Canvas(size, size);
        int[] pixels = new int[size * size];
        int fill = ColorMap.argb(color);
        int hatch = ColorMap.argb(ColorMap.MASKED_HATCH);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = hatched && (x + y) % HATCH_PERIOD < HATCH_WIDTH ? hatch : fill;
            }
        }
        swatch.getGraphicsContext2D().getPixelWriter().setPixels(0, 0, size, size, PixelFormat.getIntArgbInstance(),
                pixels, 0, size);
        GraphicsContext gc = swatch.getGraphicsContext2D();
        gc.setStroke(BAR_EDGE);
        gc.setLineWidth(1);
        gc.strokeRect(0.5, 0.5, size - 1, size - 1);
        return swatch;
    }

    // ---- measuring ----

    /** Sizes of the text around the plot, for the current data, language and fonts. */
    private record Texts(Font font, double lineH, double rowLabelW, double columnLabelW, double rowTitleW,
                         double columnTitleH, double readoutH, double rightW, double legendH) {
    }

    private Texts texts() {
        Font font = prototype.getFont();
        if (texts != null && texts.font.equals(font)) {
            return texts;
        }
        HeatmapData data = getSkinnable().getData();
        measure.setFont(font);
        measure.setText("Xg");
        double lineH = Math.ceil(measure.getLayoutBounds().getHeight());
        double rowLabelW = 0;
        for (int r = 0; r < data.rows(); r++) {
            rowLabelW = Math.max(rowLabelW, textWidth(shown(data.rowLabel(r))));
        }
        double columnLabelW = 0;
        for (int c = 0; c < data.cols(); c++) {
            columnLabelW = Math.max(columnLabelW, textWidth(shown(data.columnLabel(c))));
        }
        double rowTitleW = data.rowTitle().isBlank() ? 0 : rowTitle.prefHeight(-1) + GAP;
        double columnTitleH = data.columnTitle().isBlank() ? 0 : columnTitle.prefHeight(-1) + 2;
        double readoutH = Math.ceil(readout.prefHeight(-1));
        double labelsW = 0;
        for (Node n : colorBarLabels.getChildren()) {
            labelsW = Math.max(labelsW, ((Label) n).prefWidth(-1));
        }
        double legendW = 0;
        double legendH = 0;
        for (Node n : legend.getChildren()) {
            legendW = Math.max(legendW, ((Label) n).prefWidth(-1));
            legendH += ((Label) n).prefHeight(-1) + 2;
        }
        double rightW = 2 * GAP + Math.max(BAR_WIDTH + TICK + 3 + labelsW, legendW);
        texts = new Texts(font, lineH, Math.ceil(rowLabelW), Math.ceil(columnLabelW), Math.ceil(rowTitleW),
                Math.ceil(columnTitleH), readoutH, Math.ceil(rightW), Math.ceil(legendH));
        return texts;
    }

    private double textWidth(String s) {
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    // ---- geometry ----

    /** Where everything goes, for one size of the control. Cells are integer pixel spans of the plot. */
    private static final class Geometry {
        int rows;
        int cols;
        double blockX;
        double plotX;
        double plotY;
        int plotW;
        int plotH;
        boolean rotated;
        int rowStride;
        int columnStride;
        double columnTickH;
        double barH;

        double cellW() {
            return (double) plotW / cols;
        }

        double cellH() {
            return (double) plotH / rows;
        }

        /** The first pixel column of column {@code c} (c may be {@code cols}: the plot's right edge). */
        int colStart(int c) {
            return (int) (((long) c * plotW + cols - 1) / cols);
        }

        int rowStart(int r) {
            return (int) (((long) r * plotH + rows - 1) / rows);
        }

        int colOf(int x) {
            return (int) ((long) x * cols / plotW);
        }

        int rowOf(int y) {
            return (int) ((long) y * rows / plotH);
        }
    }

    /** The decorations' sizes for a given cell width: column label orientation, thinning, height. */
    private void decorate(Geometry g, Texts t, HeatmapData data, double cellW, double cellH) {
        boolean custom = data.hasColumnLabels();
        if (!custom) {
            g.rotated = false;
            g.columnStride = niceStride((int) Math.ceil((t.columnLabelW + 8) / cellW));
        } else if (t.columnLabelW + 6 <= cellW) {
            g.rotated = false;
            g.columnStride = 1;
        } else {
            g.rotated = true;
            g.columnStride = niceStride((int) Math.ceil((t.lineH / SIN45 + 1) / cellW));
        }
        g.columnTickH = TICK + 2 + (g.rotated ? SIN45 * (t.columnLabelW + t.lineH) : t.lineH);
        g.rowStride = niceStride((int) Math.ceil((t.lineH + 1) / cellH));
    }

    /** The space rotated column labels need left of the plot, beyond the row labels. */
    private static double rotatedOverhang(Geometry g, Texts t, double leftOfPlot, double cellW) {
        if (!g.rotated) {
            return 0;
        }
        double reach = SIN45 * (t.columnLabelW + t.lineH) - cellW / 2;
        return Math.max(0, reach - leftOfPlot);
    }

    private Geometry computeGeometry(double x, double y, double w, double h) {
        HeatmapData data = getSkinnable().getData();
        Texts t = texts();
        Geometry g = new Geometry();
        g.rows = data.rows();
        g.cols = data.cols();
        double left = t.rowTitleW + t.rowLabelW + TICK + 2;
        double top = t.readoutH + GAP;
        double cellW = 0;
        double cellH = 0;
        double overhang = 0;
        g.columnTickH = TICK + 2 + t.lineH;
        for (int pass = 0; pass < 3; pass++) {
            double availW = Math.max(1, w - left - overhang - t.rightW);
            double availH = Math.max(1, h - top - g.columnTickH - t.columnTitleH);
            cellW = availW / g.cols;
            cellH = availH / g.rows;
            if (getSkinnable().isSquareCells()) {
                double cell = Math.min(Math.min(cellW, cellH), MAX_CELL);
                cellW = cell;
                cellH = cell;
            }
            decorate(g, t, data, cellW, cellH);
            overhang = rotatedOverhang(g, t, left, cellW);
        }
        if (cellW >= 2) {
            cellW = Math.floor(cellW);
        }
        if (cellH >= 2) {
            cellH = Math.floor(cellH);
        }
        g.plotW = Math.max(1, (int) Math.floor(cellW * g.cols));
        g.plotH = Math.max(1, (int) Math.floor(cellH * g.rows));
        double minBar = 3 * t.lineH + 12;
        g.barH = Math.max(g.plotH, minBar);
        double blockW = left + overhang + g.plotW + t.rightW;
        double offset = Math.max(0, Math.floor((w - blockW) / 2));
        g.blockX = snapPositionX(x + offset);
        g.plotX = snapPositionX(x + offset + left + overhang);
        g.plotY = snapPositionY(y + top);
        return g;
    }

    private static int niceStride(int minimum) {
        if (minimum <= 1) {
            return 1;
        }
        for (int scale = 1; ; scale *= 10) {
            for (int step : new int[] {1, 2, 5}) {
                if (step * scale >= minimum) {
                    return step * scale;
                }
            }
        }
    }

    /** The preferred cell size: the plot about PREF_PLOT wide, or wider where short tokens then fit level. */
    private double prefCell(Texts t) {
        HeatmapData data = getSkinnable().getData();
        double cell = Math.max(MIN_PREF_CELL, Math.min(MAX_PREF_CELL,
                Math.floor(PREF_PLOT / Math.max(data.rows(), data.cols()))));
        double level = Math.ceil(t.columnLabelW + 6);
        if (data.hasColumnLabels() && level > cell && level <= MAX_LEVEL_CELL
                && Math.max(data.rows(), data.cols()) * level <= MAX_PREF_PLOT) {
            cell = level;
        }
        return cell;
    }

    /** The decorations' geometry at the preferred cell size (shared by the preferred width and height). */
    private Geometry prefGeometry(Texts t, HeatmapData data, double cell) {
        Geometry g = new Geometry();
        g.rows = data.rows();
        g.cols = data.cols();
        decorate(g, t, data, cell, cell);
        return g;
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        HeatmapData data = getSkinnable().getData();
        if (data == null) {
            return left + empty.prefWidth(-1) + right + 2 * GAP;
        }
        Texts t = texts();
        double cell = prefCell(t);
        Geometry g = prefGeometry(t, data, cell);
        double plotLeft = t.rowTitleW + t.rowLabelW + TICK + 2;
        double width = plotLeft + rotatedOverhang(g, t, plotLeft, cell) + cell * data.cols() + t.rightW;
        return left + Math.ceil(Math.max(width, readout.prefWidth(-1))) + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        HeatmapData data = getSkinnable().getData();
        if (data == null) {
            return top + empty.prefHeight(-1) + bottom + 2 * GAP;
        }
        Texts t = texts();
        double cell = prefCell(t);
        Geometry g = prefGeometry(t, data, cell);
        double plotH = cell * data.rows();
        double below = g.columnTickH + t.columnTitleH;
        double barColumn = Math.max(plotH, 3 * t.lineH + 12) + GAP + t.legendH;
        return top + Math.ceil(t.readoutH + GAP + Math.max(plotH + below, barColumn)) + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return left + 120 + right;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return top + 100 + bottom;
    }

    // ---- layout ----

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        HeatmapData data = getSkinnable().getData();
        if (data == null) {
            geometry = null;
            empty.resizeRelocate(x, y, w, h);
            return;
        }
        Texts t = texts();
        Geometry g = computeGeometry(x, y, w, h);
        geometry = g;

        readout.resizeRelocate(g.blockX, y, Math.max(0, x + w - g.blockX), t.readoutH);

        cells.setLayoutX(g.plotX);
        cells.setLayoutY(g.plotY);
        overlay.setLayoutX(g.plotX - PAD);
        overlay.setLayoutY(g.plotY - PAD);
        layoutRowTicks(g, t, data);
        layoutColumnTicks(g, t, data);
        layoutTitles(g, t);
        layoutColorBar(g, t, data);

        if (cellsDirty || data != drawnData || !sameSize(g, drawnGeometry)) {
            drawCells(g, data);
            drawnData = data;
            drawnGeometry = g;
            cellsDirty = false;
        }
        drawOverlay();
    }

    private static boolean sameSize(Geometry a, Geometry b) {
        return b != null && a.plotW == b.plotW && a.plotH == b.plotH && a.rows == b.rows && a.cols == b.cols;
    }

    private void layoutRowTicks(Geometry g, Texts t, HeatmapData data) {
        List<Node> labels = rowTicks.getChildren();
        List<Integer> shown = shownIndices(data.rows(), g.rowStride);
        fill(labels, shown.size());
        double right = g.plotX - TICK - 2;
        for (int i = 0; i < shown.size(); i++) {
            int r = shown.get(i);
            Label label = (Label) labels.get(i);
            label.setText(shown(data.rowLabel(r)));
            double lw = Math.min(label.prefWidth(-1), t.rowLabelW + 2);
            double lh = label.prefHeight(-1);
            double cy = g.plotY + (g.rowStart(r) + g.rowStart(r + 1)) / 2.0;
            label.resizeRelocate(snapPositionX(right - lw), snapPositionY(cy - lh / 2), lw, lh);
        }
    }

    private void layoutColumnTicks(Geometry g, Texts t, HeatmapData data) {
        List<Node> labels = columnTicks.getChildren();
        List<Integer> shown = shownIndices(data.cols(), g.columnStride);
        fill(labels, shown.size());
        double top = g.plotY + g.plotH + TICK;
        for (int i = 0; i < shown.size(); i++) {
            int c = shown.get(i);
            Label label = (Label) labels.get(i);
            label.setText(shown(data.columnLabel(c)));
            double lw = label.prefWidth(-1);
            double lh = label.prefHeight(-1);
            double cx = g.plotX + (g.colStart(c) + g.colStart(c + 1)) / 2.0;
            if (g.rotated) {
                // the label ends at its tick and runs down-left at 45°, turned about its right-middle point
                label.resizeRelocate(cx - lw, top, lw, lh);
                label.getTransforms().setAll(new Rotate(-45, lw, lh / 2));
            } else {
                label.getTransforms().clear();
                label.resizeRelocate(snapPositionX(cx - lw / 2), snapPositionY(top), lw, lh);
            }
        }
    }

    private void layoutTitles(Geometry g, Texts t) {
        double rw = Math.min(rowTitle.prefWidth(-1), Math.max(g.plotH, g.barH));
        double rh = rowTitle.prefHeight(-1);
        double rowLabelsLeft = g.plotX - TICK - 2 - t.rowLabelW;
        double cx = rowLabelsLeft - GAP - rh / 2;
        double cy = g.plotY + g.plotH / 2.0;
        rowTitle.resizeRelocate(snapPositionX(cx - rw / 2), snapPositionY(cy - rh / 2), rw, rh);

        double cw = Math.min(columnTitle.prefWidth(-1), g.plotW + 2 * t.rowLabelW);
        double ch = columnTitle.prefHeight(-1);
        columnTitle.resizeRelocate(snapPositionX(g.plotX + g.plotW / 2.0 - cw / 2),
                snapPositionY(g.plotY + g.plotH + g.columnTickH), cw, ch);
    }

    private void layoutColorBar(Geometry g, Texts t, HeatmapData data) {
        ColorMap map = data.colorMap();
        double barX = g.plotX + g.plotW + 2 * GAP;
        double barY = g.plotY;
        int barH = (int) Math.round(g.barH);
        colorBar.setLayoutX(barX);
        colorBar.setLayoutY(barY);
        if (colorBar.getWidth() != BAR_WIDTH + TICK || colorBar.getHeight() != barH || cellsDirty
                || data != drawnData) {
            drawColorBar(map, barH);
        }
        double labelX = barX + BAR_WIDTH + TICK + 3;
        for (Node n : colorBarLabels.getChildren()) {
            Label label = (Label) n;
            double v = (Double) label.getUserData();
            double lw = label.prefWidth(-1);
            double lh = label.prefHeight(-1);
            double vy = barY + (1 - map.position(v)) * barH;
            double ly = Math.max(barY - lh / 2, Math.min(barY + barH - lh / 2, vy - lh / 2));
            label.resizeRelocate(snapPositionX(labelX), snapPositionY(ly), lw, lh);
        }
        double ly = barY + barH + GAP + t.lineH / 2;
        for (Node n : legend.getChildren()) {
            Label entry = (Label) n;
            double lw = entry.prefWidth(-1);
            double lh = entry.prefHeight(-1);
            entry.resizeRelocate(snapPositionX(barX), snapPositionY(ly), lw, lh);
            ly += lh + 2;
        }
    }

    private static List<Integer> shownIndices(int n, int stride) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < n; i += stride) {
            shown.add(i);
        }
        return shown;
    }

    private static void fill(List<Node> labels, int count) {
        while (labels.size() > count) {
            labels.remove(labels.size() - 1);
        }
        while (labels.size() < count) {
            Label label = label("tick-label");
            label.setManaged(false);
            labels.add(label);
            label.applyCss();   // made during layout: style it now, so that its size is known now
        }
    }

    // ---- drawing ----

    private void drawCells(Geometry g, HeatmapData data) {
        int w = g.plotW;
        int h = g.plotH;
        cells.setWidth(w);
        cells.setHeight(h);
        ColorMap map = data.colorMap();
        int rows = data.rows();
        int cols = data.cols();
        int hidden = ColorMap.argb(ColorMap.HIDDEN);
        int masked = ColorMap.argb(ColorMap.MASKED);
        int hatch = ColorMap.argb(ColorMap.MASKED_HATCH);
        int[] colour = new int[rows * cols];
        boolean[] isMasked = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (getSkinnable().isCellHidden(r, c)) {
                    colour[i] = hidden;
                } else if (data.isMasked(r, c)) {
                    isMasked[i] = true;
                } else {
                    colour[i] = map.argb(data.value(r, c));
                }
            }
        }
        int[] colOf = new int[w];
        boolean[] colEdge = new boolean[w];
        boolean separators = g.cellW() >= 12 && g.cellH() >= 12;
        for (int x = 0; x < w; x++) {
            colOf[x] = g.colOf(x);
            colEdge[x] = separators && x > 0 && colOf[x] != colOf[x - 1];
        }
        int[] pixels = new int[w * h];
        for (int y = 0; y < h; y++) {
            int r = g.rowOf(y);
            boolean rowEdge = separators && y > 0 && g.rowOf(y - 1) != r;
            int base = r * cols;
            int line = y * w;
            for (int x = 0; x < w; x++) {
                int i = base + colOf[x];
                int argb;
                if (rowEdge || colEdge[x]) {
                    argb = SEPARATOR;
                } else if (isMasked[i]) {
                    argb = (x + y) % HATCH_PERIOD < HATCH_WIDTH ? hatch : masked;
                } else {
                    argb = colour[i];
                }
                pixels[line + x] = argb;
            }
        }
        cells.getGraphicsContext2D().getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels,
                0, w);
    }

    private void drawColorBar(ColorMap map, int barH) {
        int w = (int) (BAR_WIDTH + TICK);
        colorBar.setWidth(w);
        colorBar.setHeight(barH);
        GraphicsContext gc = colorBar.getGraphicsContext2D();
        gc.clearRect(0, 0, w, barH);
        int bw = (int) BAR_WIDTH;
        int[] pixels = new int[bw * barH];
        for (int y = 0; y < barH; y++) {
            int argb = ColorMap.argb(map.colorAt(1 - (y + 0.5) / barH));
            for (int x = 0; x < bw; x++) {
                pixels[y * bw + x] = argb;
            }
        }
        gc.getPixelWriter().setPixels(0, 0, bw, barH, PixelFormat.getIntArgbInstance(), pixels, 0, bw);
        gc.setStroke(BAR_EDGE);
        gc.setLineWidth(1);
        gc.strokeRect(0.5, 0.5, bw - 1, barH - 1);
        for (Node n : colorBarLabels.getChildren()) {
            double v = (Double) n.getUserData();
            double ty = Math.round((1 - map.position(v)) * (barH - 1)) + 0.5;
            gc.strokeLine(bw, ty, bw + TICK, ty);
        }
    }

    private void drawOverlay() {
        Geometry g = geometry;
        HeatmapData data = getSkinnable() == null ? null : getSkinnable().getData();
        if (g == null || data == null) {
            return;
        }
        double w = g.plotW + 2 * PAD;
        double h = g.plotH + 2 * PAD;
        overlay.setWidth(w);
        overlay.setHeight(h);
        GraphicsContext gc = overlay.getGraphicsContext2D();
        gc.clearRect(0, 0, w, h);
        int row = getSkinnable().getHighlightedRow();
        int col = getSkinnable().getHighlightedColumn();
        if (row >= 0 && row < g.rows) {
            outline(gc, 0, g.rowStart(row), g.plotW, g.rowStart(row + 1));
        }
        if (col >= 0 && col < g.cols) {
            outline(gc, g.colStart(col), 0, g.colStart(col + 1), g.plotH);
        }
        Cell hover = hoveredCell.get();
        if (hover != null && hover.row() < g.rows && hover.column() < g.cols) {
            double x0 = g.colStart(hover.column()) + PAD;
            double y0 = g.rowStart(hover.row()) + PAD;
            double x1 = g.colStart(hover.column() + 1) + PAD;
            double y1 = g.rowStart(hover.row() + 1) + PAD;
            gc.setLineWidth(2);
            gc.setStroke(Color.BLACK);
            gc.strokeRect(x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2);
            gc.setLineWidth(1);
            gc.setStroke(Color.WHITE);
            gc.strokeRect(x0 - 2.5, y0 - 2.5, x1 - x0 + 5, y1 - y0 + 5);
        }
    }

    /**
     * The cursor's outline around plot pixels [x0, x1) × [y0, y1), drawn outside them so that even
     * one-pixel cells stay visible: 2 px of the cursor colour, then a 1 px dark edge.
     */
    private static void outline(GraphicsContext gc, int x0, int y0, int x1, int y1) {
        double left = x0 + PAD;
        double top = y0 + PAD;
        double width = x1 - x0;
        double height = y1 - y0;
        gc.setLineWidth(2);
        gc.setStroke(CURSOR);
        gc.strokeRect(left - 1, top - 1, width + 2, height + 2);
        gc.setLineWidth(1);
        gc.setStroke(CURSOR_EDGE);
        gc.strokeRect(left - 2.5, top - 2.5, width + 5, height + 5);
    }

    // ---- helpers ----

    private static Label label(String styleClass) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        return label;
    }

    /** A label as drawn: invisible characters made visible, long ones cut with an ellipsis. */
    static String shown(String label) {
        String s = label.replace("\n", "↵").replace("\t", "⇥");
        if (s.isBlank()) {
            s = s.isEmpty() ? "∅" : s.replace(' ', '␣');
        }
        return s.length() > MAX_LABEL_CHARS ? s.substring(0, MAX_LABEL_CHARS - 1) + "…" : s;
    }
}
