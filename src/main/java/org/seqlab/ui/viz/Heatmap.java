package org.seqlab.ui.viz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Control;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javax.imageio.ImageIO;
import org.seqlab.AtomicFile;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

/**
 * A matrix as a grid of coloured cells: hidden states over time, gate activations, attention weights,
 * gradients. Shows the {@link HeatmapData} it is given with a colour bar (its ends and 0 labelled), axis
 * titles and tick labels (tokens where an axis is time), masked cells hatched in grey, and a read-out
 * that names the cell under the mouse with its exact value.
 *
 * <p>For a debugger cursor moving through time, {@link #visibleColumnsProperty() visibleColumns} greys
 * out the columns not computed yet, and {@link #highlightedColumnProperty() highlightedColumn} /
 * {@link #highlightedRowProperty() highlightedRow} outline the column and row under the cursor.
 *
 * <p>The look is {@link org.seqlab.ui.viz.skin.HeatmapSkin} (cells drawn on a canvas, fast enough for
 * 256 × 256), named by {@code -fx-skin} in the stylesheet {@code heatmap.css} rather than created here, so
 * that the widget does not depend on its skin's package (no package cycle). The text is
 * {@link #i18nProperty() i18n}'s, in its current language.
 * Figures export to PNG ({@link #writePng}) and numbers to CSV ({@link #writeCsv}).
 */
public class Heatmap extends Control {

    /** The widget's stylesheet (its skin and styles), beside the class in the resources. */
    static final String STYLESHEET = "/org/seqlab/ui/viz/heatmap.css";

    /** The style class of every heatmap. */
    public static final String STYLE_CLASS = "heatmap";

    private final ObjectProperty<HeatmapData> data = new SimpleObjectProperty<>(this, "data");
    private final ObjectProperty<I18n> i18n = new SimpleObjectProperty<>(this, "i18n");
    private final IntegerProperty highlightedRow = new SimpleIntegerProperty(this, "highlightedRow", -1);
    private final IntegerProperty highlightedColumn = new SimpleIntegerProperty(this, "highlightedColumn", -1);
    private final IntegerProperty visibleColumns = new SimpleIntegerProperty(this, "visibleColumns", -1);
    private final IntegerProperty visibleRows = new SimpleIntegerProperty(this, "visibleRows", -1);
    private final BooleanProperty squareCells = new SimpleBooleanProperty(this, "squareCells", true);
    private final BooleanProperty rowSelectable = new SimpleBooleanProperty(this, "rowSelectable", false);

    /** An empty heatmap with English text. */
    public Heatmap() {
        this(new I18n(Language.ENGLISH));
    }

    /** An empty heatmap whose text follows {@code i18n}'s language. */
    public Heatmap(I18n i18n) {
        this.i18n.set(Objects.requireNonNull(i18n));
        getStyleClass().add(STYLE_CLASS);
    }

    /** A heatmap of {@code data} whose text follows {@code i18n}'s language. */
    public Heatmap(I18n i18n, HeatmapData data) {
        this(i18n);
        setData(data);
    }

    /** The matrix shown; {@code null} shows "no data". */
    public final ObjectProperty<HeatmapData> dataProperty() {
        return data;
    }

    public final HeatmapData getData() {
        return data.get();
    }

    public final void setData(HeatmapData value) {
        data.set(value);
    }

    /** Where the widget's own text (read-out, legend) comes from. */
    public final ObjectProperty<I18n> i18nProperty() {
        return i18n;
    }

    public final I18n getI18n() {
        return i18n.get();
    }

    public final void setI18n(I18n value) {
        i18n.set(Objects.requireNonNull(value));
    }

    /** The row outlined as the cursor's, or -1 for none. */
    public final IntegerProperty highlightedRowProperty() {
        return highlightedRow;
    }

    public final int getHighlightedRow() {
        return highlightedRow.get();
    }

    public final void setHighlightedRow(int row) {
        highlightedRow.set(row);
    }

    /** The column outlined as the cursor's (e.g. its time step), or -1 for none. */
    public final IntegerProperty highlightedColumnProperty() {
        return highlightedColumn;
    }

    public final int getHighlightedColumn() {
        return highlightedColumn.get();
    }

    public final void setHighlightedColumn(int column) {
        highlightedColumn.set(column);
    }

    /**
     * How many columns, from the left, hold values yet ("filled up to the cursor's time step"); the
     * others are drawn empty and grey. -1 (the default) shows every column.
     */
    public final IntegerProperty visibleColumnsProperty() {
        return visibleColumns;
    }

    public final int getVisibleColumns() {
        return visibleColumns.get();
    }

    public final void setVisibleColumns(int count) {
        visibleColumns.set(count);
    }

    /**
     * How many rows, from the top, hold values yet (attention filled in query by query as a decoder steps); the
     * others are drawn empty and grey, as columns beyond {@link #visibleColumnsProperty() visibleColumns} are.
     * -1 (the default) shows every row.
     */
    public final IntegerProperty visibleRowsProperty() {
        return visibleRows;
    }

    public final int getVisibleRows() {
        return visibleRows.get();
    }

    public final void setVisibleRows(int count) {
        visibleRows.set(count);
    }

    /**
     * Whether a click on a cell makes its row the {@linkplain #highlightedRowProperty() highlighted row} (an
     * attention query, a position); off by default.
     */
    public final BooleanProperty rowSelectableProperty() {
        return rowSelectable;
    }

    public final boolean isRowSelectable() {
        return rowSelectable.get();
    }

    public final void setRowSelectable(boolean value) {
        rowSelectable.set(value);
    }

    /** Whether cells are square (the default, as for attention) or stretched to fill the space. */
    public final BooleanProperty squareCellsProperty() {
        return squareCells;
    }

    public final boolean isSquareCells() {
        return squareCells.get();
    }

    public final void setSquareCells(boolean value) {
        squareCells.set(value);
    }

    /** Whether row {@code row} is beyond {@link #visibleRowsProperty() visibleRows}. */
    public final boolean isRowHidden(int row) {
        int visible = getVisibleRows();
        return visible >= 0 && row >= visible;
    }

    /** Whether a cell is drawn empty: its row or its column not computed yet. */
    public final boolean isCellHidden(int row, int col) {
        return isRowHidden(row) || isColumnHidden(col);
    }

    /** Whether column {@code col} is beyond {@link #visibleColumnsProperty() visibleColumns}. */
    public final boolean isColumnHidden(int col) {
        int visible = getVisibleColumns();
        return visible >= 0 && col >= visible;
    }

    /**
     * Writes the figure as it is drawn (cells, colour bar, labels) to a PNG file, atomically; the
     * background is the one the heatmap is drawn on. Call on the FX application thread.
     */
    public void writePng(Path file) throws IOException {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("Heatmap.writePng takes a snapshot of the drawn figure: call it on the"
                    + " JavaFX application thread (e.g. through Platform.runLater)");
        }
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(backgroundPaint());
        WritableImage image = snapshot(params, null);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", png)) {
            throw new IOException("No PNG writer available to write " + file);
        }
        byte[] bytes = png.toByteArray();
        AtomicFile.write(file, out -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        });
    }

    /**
     * Writes the numbers as CSV ({@link HeatmapData#toCsv}: a header of column labels, then each row's
     * label and exact values), atomically. Any thread.
     *
     * @throws IllegalStateException when there is no data
     */
    public void writeCsv(Path file) throws IOException {
        HeatmapData shown = getData();
        if (shown == null) {
            throw new IllegalStateException("This heatmap has no data to write to " + file);
        }
        AtomicFile.writeString(file, shown.toCsv());
    }

    /** {@code heatmap.css}: the skin ({@code -fx-skin}) and the widget's styles. */
    @Override
    public String getUserAgentStylesheet() {
        return Heatmap.class.getResource(STYLESHEET).toExternalForm();
    }

    /** The first background colour from this node up to the scene, else the scene's fill, else white. */
    private Paint backgroundPaint() {
        for (Parent p = this; p != null; p = p.getParent()) {
            if (p instanceof Region region) {
                Background background = region.getBackground();
                if (background != null && !background.getFills().isEmpty()) {
                    Paint fill = background.getFills().get(0).getFill();
                    if (fill instanceof Color color && color.getOpacity() > 0) {
                        return fill;
                    }
                }
            }
        }
        if (getScene() != null && getScene().getFill() instanceof Color color && color.getOpacity() > 0) {
            return color;
        }
        return Color.WHITE;
    }
}
