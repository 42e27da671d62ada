package org.seqlab.ui.viz;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Heatmap} shows: a rows × columns matrix of doubles with its axis titles, optional tick
 * labels (tokens, unit names; by default the indices 0, 1, 2, …), an optional mask (cells drawn as
 * masked, e.g. the future in causal attention), a {@link ColorScale} and optionally a fixed colour range
 * (attention weights: 0..1, so that heads compare). Immutable; {@code withX} returns a changed copy.
 *
 * <pre>{@code
 * HeatmapData.of(weights)
 *         .withTitles("Query token", "Key token")
 *         .withRowLabels(tokens).withColumnLabels(tokens)
 *         .withMask(HeatmapData.causalMask(tokens.size()))
 *         .withScale(ColorScale.SEQUENTIAL).withRange(0, 1);
 * }</pre>
 *
 * @param values       the cells, row-major ({@code rows * cols} of them)
 * @param mask         {@code true} marks a masked cell, row-major; {@code null} when nothing is masked
 * @param rowLabels    one per row, or empty for the row indices
 * @param columnLabels one per column, or empty for the column indices
 * @param range        the values at the ends of the colour scale, or {@code null} to take them from the
 *                     data (diverging: ±max|value|; sequential: from min(0, smallest) to largest);
 *                     masked and non-finite cells never count
 */
public record HeatmapData(int rows, int cols, double[] values, boolean[] mask,
                          String rowTitle, String columnTitle,
                          List<String> rowLabels, List<String> columnLabels,
                          ColorScale scale, Range range) {

    /** The values at the two ends of a colour scale. */
    public record Range(double min, double max) {
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
                throw new IllegalArgumentException("A colour range needs finite ends with min <= max; got ["
                        + min + ", " + max + "]");
            }
        }
    }

    public HeatmapData {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("A heatmap needs at least one row and one column; got "
                    + rows + " × " + cols);
        }
        Objects.requireNonNull(values, "values");
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException("A " + rows + " × " + cols + " heatmap needs " + rows * cols
                    + " values; got " + values.length);
        }
        values = values.clone();
        if (mask != null) {
            if (mask.length != values.length) {
                throw new IllegalArgumentException("The mask of a " + rows + " × " + cols + " heatmap needs "
                        + values.length + " cells; got " + mask.length);
            }
            mask = mask.clone();
        }
        rowTitle = rowTitle == null ? "" : rowTitle;
        columnTitle = columnTitle == null ? "" : columnTitle;
        rowLabels = labels(rowLabels, rows, "row");
        columnLabels = labels(columnLabels, cols, "column");
        scale = Objects.requireNonNull(scale, "scale");
    }

    /** A diverging heatmap of a rectangular matrix {@code values[row][column]}, without titles or labels. */
    public static HeatmapData of(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("A heatmap needs at least one row and one column; got an empty matrix");
        }
        int cols = values[0].length;
        double[] flat = new double[values.length * cols];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != cols) {
                throw new IllegalArgumentException("A heatmap needs a rectangular matrix: row 0 has " + cols
                        + " values, row " + r + " has " + values[r].length);
            }
            System.arraycopy(values[r], 0, flat, r * cols, cols);
        }
        return of(values.length, cols, flat);
    }

    /** A diverging heatmap of {@code rows × cols} values given row-major, without titles or labels. */
    public static HeatmapData of(int rows, int cols, double[] rowMajor) {
        return new HeatmapData(rows, cols, rowMajor, null, "", "", List.of(), List.of(), ColorScale.DIVERGING, null);
    }

    /** The mask of causal attention over {@code n} tokens: a query never sees a later key (column > row). */
    public static boolean[][] causalMask(int n) {
        boolean[][] mask = new boolean[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = r + 1; c < n; c++) {
                mask[r][c] = true;
            }
        }
        return mask;
    }

    public HeatmapData withTitles(String rowTitle, String columnTitle) {
        return new HeatmapData(rows, cols, values, mask, rowTitle, columnTitle, rowLabels, columnLabels, scale, range);
    }

    public HeatmapData withRowLabels(List<String> labels) {
        return new HeatmapData(rows, cols, values, mask, rowTitle, columnTitle, labels, columnLabels, scale, range);
    }

    public HeatmapData withColumnLabels(List<String> labels) {
        return new HeatmapData(rows, cols, values, mask, rowTitle, columnTitle, rowLabels, labels, scale, range);
    }

    /** The same matrix with {@code mask[row][column]} ({@code true} = masked); {@code null} for none. */
    public HeatmapData withMask(boolean[][] mask) {
        boolean[] flat = null;
        if (mask != null) {
            if (mask.length != rows) {
                throw new IllegalArgumentException("The mask of a " + rows + " × " + cols + " heatmap needs "
                        + rows + " rows; got " + mask.length);
            }
            flat = new boolean[rows * cols];
            for (int r = 0; r < rows; r++) {
                if (mask[r].length != cols) {
                    throw new IllegalArgumentException("The mask of a " + rows + " × " + cols
                            + " heatmap needs " + cols + " columns; row " + r + " has " + mask[r].length);
                }
                System.arraycopy(mask[r], 0, flat, r * cols, cols);
            }
        }
        return new HeatmapData(rows, cols, values, flat, rowTitle, columnTitle, rowLabels, columnLabels, scale, range);
    }

    public HeatmapData withScale(ColorScale scale) {
        return new HeatmapData(rows, cols, values, mask, rowTitle, columnTitle, rowLabels, columnLabels, scale, range);
    }

    /** A fixed colour range (e.g. 0..1 for attention weights) instead of one taken from the data. */
    public HeatmapData withRange(double min, double max) {
        return new HeatmapData(rows, cols, values, mask, rowTitle, columnTitle, rowLabels, columnLabels, scale,
                new Range(min, max));
    }

    /** A copy of the values, row-major. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** A copy of the mask, row-major, or {@code null} when nothing is masked. */
    @Override
    public boolean[] mask() {
        return mask == null ? null : mask.clone();
    }

    public double value(int row, int col) {
        return values[index(row, col)];
    }

    public boolean isMasked(int row, int col) {
        return mask != null && mask[index(row, col)];
    }

    /** Whether any cell is masked. */
    public boolean hasMask() {
        if (mask != null) {
            for (boolean m : mask) {
                if (m) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any cell that is not masked holds NaN or ±∞. */
    public boolean hasNonFinite() {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) && (mask == null || !mask[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the rows have labels of their own (otherwise they are numbered). */
    public boolean hasRowLabels() {
        return !rowLabels.isEmpty();
    }

    /** Whether the columns have labels of their own (otherwise they are numbered). */
    public boolean hasColumnLabels() {
        return !columnLabels.isEmpty();
    }

    /** The label of a row: its own, or its index. */
    public String rowLabel(int row) {
        Objects.checkIndex(row, rows);
        return rowLabels.isEmpty() ? Integer.toString(row) : rowLabels.get(row);
    }

    /** The label of a column: its own, or its index. */
    public String columnLabel(int col) {
        Objects.checkIndex(col, cols);
        return columnLabels.isEmpty() ? Integer.toString(col) : columnLabels.get(col);
    }

    /**
     * The colour map the heatmap draws with: over the fixed {@link #range} if there is one, otherwise
     * over the finite values of the cells that are not masked.
     */
    public ColorMap colorMap() {
        if (range != null) {
            return ColorMap.of(scale, range.min(), range.max());
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isFinite(v) && (mask == null || !mask[i])) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {  // no finite unmasked value
            lo = 0;
            hi = 0;
        }
        if (scale == ColorScale.DIVERGING) {
            return ColorMap.diverging(Math.max(Math.abs(lo), Math.abs(hi)));
        }
        lo = Math.min(lo, 0);
        hi = Math.max(hi, 0);
        return hi > lo ? ColorMap.sequential(lo, hi) : ColorMap.sequential(0, 1);
    }

    /**
     * The numbers as CSV (RFC 4180, {@code \n} line ends): a header with the row title and the column
     * labels, then one line per row with its label and its exact values ({@link ValueFormat#exact}, which
     * read back as the same doubles). Masked cells keep their value.
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder();
        out.append(Csv.field(rowTitle));
        for (int c = 0; c < cols; c++) {
            out.append(',').append(Csv.field(columnLabel(c)));
        }
        out.append('\n');
        for (int r = 0; r < rows; r++) {
            out.append(Csv.field(rowLabel(r)));
            for (int c = 0; c < cols; c++) {
                out.append(',').append(ValueFormat.exact(values[r * cols + c]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeatmapData d && rows == d.rows && cols == d.cols && Arrays.equals(values, d.values)
                && Arrays.equals(mask, d.mask) && rowTitle.equals(d.rowTitle) && columnTitle.equals(d.columnTitle)
                && rowLabels.equals(d.rowLabels) && columnLabels.equals(d.columnLabels) && scale == d.scale
                && Objects.equals(range, d.range);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rows, cols, Arrays.hashCode(values), Arrays.hashCode(mask), rowTitle, columnTitle,
                rowLabels, columnLabels, scale, range);
    }

    @Override
    public String toString() {
        return "HeatmapData[" + rows + " × " + cols + ", " + scale + (hasMask() ? ", masked" : "")
                + (range != null ? ", range " + range.min() + " .. " + range.max() : "") + "]";
    }

    private int index(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return row * cols + col;
    }

    private static List<String> labels(List<String> labels, int n, String axis) {
        if (labels == null || labels.isEmpty()) {
            return List.of();
        }
        if (labels.size() != n) {
            throw new IllegalArgumentException("A heatmap with " + n + " " + axis + "s needs " + n + " " + axis
                    + " labels (or none); got " + labels.size());
        }
        return List.copyOf(labels);
    }

}
