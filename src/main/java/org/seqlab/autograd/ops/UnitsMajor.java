package org.seqlab.autograd.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent layers' state blocks ({@link LstmLayer}, {@link GruLayer}): a time step's hidden or cell state, or
 * its gates, held units-major, {@code (units, B)} with the batch contiguous, so that the step's product
 * {@code W_hh h} is a GEMM whose result has the batch along its rows' runs (the orientation in which OpenBLAS
 * packs the weight fastest: measured 32x256 by 256x1024 110 us against 145-165 us batch-major) and the step's
 * kernel reads each gate of every unit and sequence as one contiguous run. The layer's inputs and outputs stay
 * batch-first, {@code (B, T, H)}; these copy between the two layouts, float32 in float, float64 in double.
 */
final class UnitsMajor {
    private UnitsMajor() {
    }

    /** A new c-order array of {@code type}. */
    static INDArray create(DataType type, long... shape) {
        return Nd4j.createUninitialized(type, shape, 'c');
    }

    /**
     * Rows {@code b} of {@code src} ({@code cols} values each, row b at {@code at + b*stride}) as the
     * {@code (cols, rows)} block {@code dst} ({@code dst[j*rows + b]}), added to what dst holds when {@code add};
     * rows whose {@code keep} is false (keep null: none) are skipped (left, or zero when not adding).
     */
    static void gather(INDArray src, long at, long stride, int rows, int cols, float[] dst, boolean add,
            boolean[] keep) {
        FloatBuffer b = src.data().asNioFloat();
        long base = src.offset() + at;
        float[] row = Pointwise.floats(cols);
        for (int r = 0; r < rows; r++) {
            boolean kept = keep == null || keep[r];
            if (!kept) {
                if (!add) {
                    for (int j = 0; j < cols; j++) {
                        dst[j * rows + r] = 0f;
                    }
                }
                continue;
            }
            b.get(Math.toIntExact(base + r * stride), row, 0, cols);
            if (add) {
                for (int j = 0; j < cols; j++) {
                    dst[j * rows + r] += row[j];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    dst[j * rows + r] = row[j];
                }
            }
        }
    }

    /** The float64 {@link #gather}. */
    static void gather(INDArray src, long at, long stride, int rows, int cols, double[] dst, boolean add,
            boolean[] keep) {
        DoubleBuffer b = src.data().asNioDouble();
        long base = src.offset() + at;
        double[] row = Pointwise.scratch(3, cols);
        for (int r = 0; r < rows; r++) {
            boolean kept = keep == null || keep[r];
            if (!kept) {
                if (!add) {
                    for (int j = 0; j < cols; j++) {
                        dst[j * rows + r] = 0;
                    }
                }
                continue;
            }
            b.get(Math.toIntExact(base + r * stride), row, 0, cols);
            for (int j = 0; j < cols; j++) {
                dst[j * rows + r] = add ? dst[j * rows + r] + row[j] : row[j];
            }
        }
    }

    /**
     * The {@code (cols, rows)} block {@code src} written as rows of {@code dst} (row b at {@code at + b*stride}),
     * zeros in the rows whose {@code keep} is false (keep null: none).
     */
    static void scatter(float[] src, int rows, int cols, INDArray dst, long at, long stride, boolean[] keep) {
        FloatBuffer b = dst.data().asNioFloat();
        long base = dst.offset() + at;
        float[] row = Pointwise.floats(cols);
        for (int r = 0; r < rows; r++) {
            boolean kept = keep == null || keep[r];
            for (int j = 0; j < cols; j++) {
                row[j] = kept ? src[j * rows + r] : 0f;
            }
            b.put(Math.toIntExact(base + r * stride), row, 0, cols);
        }
    }

    /** The float64 {@link #scatter}. */
    static void scatter(double[] src, int rows, int cols, INDArray dst, long at, long stride, boolean[] keep) {
        DoubleBuffer b = dst.data().asNioDouble();
        long base = dst.offset() + at;
        double[] row = Pointwise.scratch(3, cols);
        for (int r = 0; r < rows; r++) {
            boolean kept = keep == null || keep[r];
            for (int j = 0; j < cols; j++) {
                row[j] = kept ? src[j * rows + r] : 0;
            }
            b.put(Math.toIntExact(base + r * stride), row, 0, cols);
        }
    }

    /** {@code n} values of a buffer (a new array's, whose values start at 0) from {@code at} into {@code dst[off..)}. */
    static void read(FloatBuffer b, long at, float[] dst, int off, int n) {
        b.get(Math.toIntExact(at), dst, off, n);
    }

    /** {@code src[off..off+n)} into a buffer (a new array's) from {@code at}. */
    static void write(float[] src, int off, FloatBuffer b, long at, int n) {
        b.put(Math.toIntExact(at), src, off, n);
    }

    static void read(DoubleBuffer b, long at, double[] dst, int off, int n) {
        b.get(Math.toIntExact(at), dst, off, n);
    }

    static void write(double[] src, int off, DoubleBuffer b, long at, int n) {
        b.put(Math.toIntExact(at), src, off, n);
    }

    /** The transpose of a c-order {@code (rows, cols)} matrix into a new {@code (cols, rows)} array, in 32 x 32 tiles. */
    static void transpose(INDArray a, int rows, int cols, INDArray out) {
        int tile = 32;
        if (a.dataType() == DataType.DOUBLE) {
            double[] v = new double[rows * cols];
            read(a, 0, v, rows * cols);
            double[] t = new double[rows * cols];
            for (int i0 = 0; i0 < rows; i0 += tile) {
                for (int j0 = 0; j0 < cols; j0 += tile) {
                    for (int i = i0; i < Math.min(rows, i0 + tile); i++) {
                        for (int j = j0; j < Math.min(cols, j0 + tile); j++) {
                            t[j * rows + i] = v[i * cols + j];
                        }
                    }
                }
            }
            write(t, out, 0, rows * cols);
        } else {
            float[] v = new float[rows * cols];
            read(a, 0, v, rows * cols);
            float[] t = new float[rows * cols];
            for (int i0 = 0; i0 < rows; i0 += tile) {
                for (int j0 = 0; j0 < cols; j0 += tile) {
                    for (int i = i0; i < Math.min(rows, i0 + tile); i++) {
                        for (int j = j0; j < Math.min(cols, j0 + tile); j++) {
                            t[j * rows + i] = v[i * cols + j];
                        }
                    }
                }
            }
            write(t, out, 0, rows * cols);
        }
    }

    /** A new array's double buffer (its values from index 0). */
    static DoubleBuffer doubles(INDArray a) {
        if (a.offset() != 0) {
            throw new IllegalStateException("expected a new array, whose values start at its buffer's first");
        }
        return a.data().asNioDouble();
    }

    /** A new array's float buffer (its values from index 0), to read and write it many times. */
    static FloatBuffer floats(INDArray a) {
        if (a.offset() != 0) {
            throw new IllegalStateException("expected a new array, whose values start at its buffer's first");
        }
        return a.data().asNioFloat();
    }

    /** {@code n} values of a c-order array from {@code at} into {@code dst[0..n)}. */
    static void read(INDArray a, long at, float[] dst, int n) {
        a.data().asNioFloat().get(Math.toIntExact(a.offset() + at), dst, 0, n);
    }

    static void read(INDArray a, long at, double[] dst, int n) {
        a.data().asNioDouble().get(Math.toIntExact(a.offset() + at), dst, 0, n);
    }

    /** {@code src[0..n)} into a c-order array from {@code at}. */
    static void write(float[] src, INDArray a, long at, int n) {
        a.data().asNioFloat().put(Math.toIntExact(a.offset() + at), src, 0, n);
    }

    static void write(double[] src, INDArray a, long at, int n) {
        a.data().asNioDouble().put(Math.toIntExact(a.offset() + at), src, 0, n);
    }
}
