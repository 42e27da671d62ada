package org.seqlab.ui.panels.inspector;

import java.util.List;

/**
 * A tensor (or one slice of it) as a rows × columns grid for the heatmap, with token labels on an axis whose
 * length equals the input length (empty lists where an axis has none).
 */
public record Matrix(int rows, int cols, double[] values, List<String> rowLabels, List<String> columnLabels) {
    public Matrix {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException(rows + " × " + cols + " matrix needs " + rows * cols + " values, found "
                    + values.length);
        }
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
    }

    public double value(int row, int col) {
        return values[row * cols + col];
    }
}
