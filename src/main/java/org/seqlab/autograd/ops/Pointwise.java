package org.seqlab.autograd.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes the values of an ND4J matrix straight through its off-heap buffer, for the fused
 * pointwise kernels ({@link LstmStep}, {@link GruStep}): one pass in Java over every element of a time
 * step instead of a dozen ND4J ops, each with its own result array and call overhead. The kernels compute
 * in double; float32 values are widened on the way in and rounded once on the way out.
 */
final class Pointwise {
    private Pointwise() {
    }

    /** Per-thread scratch rows, reused from step to step, so the kernels make no Java garbage but their saved state. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[4][0]);

    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[1][0]);

    /** This thread's float scratch row with room for {@code n} values (stale content), for bulk buffer copies. */
    static float[] floats(int n) {
        float[][] s = FLOATS.get();
        if (s[0].length < n) {
            s[0] = new float[n];
        }
        return s[0];
    }

    /** Scratch array {@code slot} (0..3) of this thread with room for {@code n} values; its content is stale. */
    static double[] scratch(int slot, int n) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new double[n];
        }
        return s[slot];
    }

    /** The values of a matrix {@code (rows, cols)}, row-major, in a new array; any strides and offset. */
    static double[] read(INDArray a) {
        return read(a, new double[Math.toIntExact(a.length())]);
    }

    /** The values of a matrix {@code (rows, cols)} (any strides and offset: a view of a step) into {@code out}. */
    static double[] read(INDArray a, double[] out) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix; found rank " + a.rank());
        }
        int rows = Math.toIntExact(a.size(0));
        int cols = Math.toIntExact(a.size(1));
        int offset = Math.toIntExact(a.offset());
        long s0 = a.stride(0);
        long s1 = a.stride(1);
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            float[] row = s1 == 1 ? floats(cols) : null;
            for (int r = 0; r < rows; r++) {
                int base = Math.toIntExact(offset + r * s0);
                int at = r * cols;
                if (s1 == 1) {
                    b.get(base, row, 0, cols);              // one bulk copy, then widened in a plain loop
                    for (int j = 0; j < cols; j++) {
                        out[at + j] = row[j];
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        out[at + j] = b.get(Math.toIntExact(base + j * s1));
                    }
                }
            }
        } else if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = a.data().asNioDouble();
            for (int r = 0; r < rows; r++) {
                int base = Math.toIntExact(offset + r * s0);
                if (s1 == 1) {
                    b.get(base, out, r * cols, cols);
                } else {
                    for (int j = 0; j < cols; j++) {
                        out[r * cols + j] = b.get(Math.toIntExact(base + j * s1));
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("expected float32 or float64 values; found " + a.dataType());
        }
        return out;
    }

    /** A new row-major array of {@code type} and {@code shape} holding the first values of {@code values}. */
    static INDArray write(DataType type, double[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(type, shape, 'c');
        int n = Math.toIntExact(out.length());
        if (values.length < n) {
            throw new IllegalArgumentException("expected " + n + " values for " + java.util.Arrays.toString(shape)
                    + "; found " + values.length);
        }
        int at = Math.toIntExact(out.offset());
        if (type == DataType.FLOAT) {
            float[] f = floats(n);
            for (int i = 0; i < n; i++) {
                f[i] = (float) values[i];
            }
            out.data().asNioFloat().put(at, f, 0, n);
        } else {
            out.data().asNioDouble().put(at, values, 0, n);
        }
        return out;
    }

    /** {@code a} itself where it is contiguous in row-major order, else a row-major copy. */
    static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && (a.length() <= 1 || a.elementWiseStride() == 1) ? a : a.dup('c');
    }

    /** Matrix {@code a} itself where its rows are contiguous (last stride 1), else a row-major copy. */
    static INDArray lastContiguous(INDArray a) {
        return a.rank() == 2 && (a.stride(1) == 1 || a.size(1) == 1) ? a : a.dup('c');
    }

    /** Row {@code r} of float32 matrix {@code m} (its rows contiguous), whose buffer is {@code b}, into {@code into}. */
    static void getRow(FloatBuffer b, INDArray m, int r, float[] into, int cols) {
        b.get(Math.toIntExact(m.offset() + r * m.stride(0)), into, 0, cols);
    }

    /** Rows {@code r0 .. r0+nr} of float32 matrix {@code m} (rows contiguous) into {@code into}, one after another. */
    static void getRows(FloatBuffer b, INDArray m, int r0, int nr, float[] into, int cols) {
        if (m.stride(0) == cols || nr == 1) {
            b.get(Math.toIntExact(m.offset() + r0 * m.stride(0)), into, 0, nr * cols);
            return;
        }
        for (int r = 0; r < nr; r++) {
            b.get(Math.toIntExact(m.offset() + (r0 + r) * m.stride(0)), into, r * cols, cols);
        }
    }

    /** Whether {@code a} is float32, not empty, row-major with its buffer's default strides (any offset). */
    static boolean rowMajorFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.length() > 0 && a.length() < Integer.MAX_VALUE
                && a.ordering() == 'c' && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a);
    }

    /**
     * A row-major copy of {@code x[..., s:e, ...]} (axis {@code d}) in {@code shape} (the slice's, or it with axis d
     * dropped), for a row-major float32 x: its runs copied buffer to buffer, without ND4J's indexing and copy op,
     * which cost tens of microseconds each (the traced LSTM cuts four gates from every step's projection, the
     * untraced one each step's rows from the projection of all steps).
     */
    static INDArray slice(INDArray x, int d, long s, long e, long[] shape) {
        long[] in = x.shape();
        long inner = 1;
        for (int i = d + 1; i < in.length; i++) {
            inner *= in[i];
        }
        long outer = x.length() / (in[d] * inner);
        int run = Math.toIntExact((e - s) * inner);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        FloatBuffer src = x.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        long base = x.offset();
        int to = Math.toIntExact(out.offset());
        for (int o = 0; o < outer; o++) {
            dst.put(to + o * run, src, Math.toIntExact(base + (o * in[d] + s) * inner), run);
        }
        return out;
    }

    /** {@code acc[..., s:e, ...] += g} (axis d) for a row-major float32 accumulator and g of the slice's size. */
    static void addIntoSlice(INDArray acc, int d, long s, long e, INDArray g) {
        long[] in = acc.shape();
        long inner = 1;
        for (int i = d + 1; i < in.length; i++) {
            inner *= in[i];
        }
        long outer = acc.length() / (in[d] * inner);
        int run = Math.toIntExact((e - s) * inner);
        INDArray gc = contiguous(g);
        FloatBuffer gb = gc.data().asNioFloat();
        int gOff = Math.toIntExact(gc.offset());
        float[][] r = ROWS.get();
        if (r[0].length < run) {
            r[0] = new float[run];
            r[1] = new float[run];
        }
        float[] row = r[0];
        float[] add = r[1];
        FloatBuffer b = acc.data().asNioFloat();
        long base = acc.offset();
        for (int o = 0; o < outer; o++) {
            int at = Math.toIntExact(base + (o * in[d] + s) * inner);
            b.get(at, row, 0, run);
            gb.get(gOff + o * run, add, 0, run);
            FloatMaps.add(row, add, run);
            b.put(at, row, 0, run);
        }
    }

    /** The first {@code n} values of float32 {@code a} in row-major order, into {@code into} (or a new array when null). */
    static float[] readFloats(INDArray a, int n, float[] into) {
        INDArray c = contiguous(a);
        float[] out = into != null ? into : new float[n];
        c.data().asNioFloat().get(Math.toIntExact(c.offset()), out, 0, n);
        return out;
    }

    /** A new row-major float32 array of {@code shape} holding the first values of {@code v}. */
    static INDArray writeFloats(float[] v, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        out.data().asNioFloat().put(Math.toIntExact(out.offset()), v, 0, Math.toIntExact(out.length()));
        return out;
    }

    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[2][0]);
    private static final ThreadLocal<double[][]> DROWS = ThreadLocal.withInitial(() -> new double[2][0]);

    /**
     * {@code dst += src} where {@code dst} is a view (a slice or a step of a larger gradient: strided, its last
     * axis contiguous) and {@code src} has its shape: row by row, each row one bulk read of both and one bulk
     * write, where ND4J's pairwise op on a strided view runs element by element, several times slower. Other
     * layouts and dtypes take ND4J's op.
     */
    static void addInto(INDArray dst, INDArray src) {
        DataType type = dst.dataType();
        int rank = dst.rank();
        if (rank == 0 || src.dataType() != type || (type != DataType.FLOAT && type != DataType.DOUBLE)
                || !java.util.Arrays.equals(dst.shape(), src.shape()) || dst.stride(rank - 1) != 1
                || dst.size(rank - 1) < 8 || dst.length() == 0) {
            dst.addi(src);
            return;
        }
        INDArray s = contiguous(src);
        long[] shape = dst.shape();
        long[] stride = dst.stride();
        int inner = Math.toIntExact(shape[rank - 1]);
        long rows = dst.length() / inner;
        long[] counter = new long[rank - 1];
        long at = dst.offset();
        long from = s.offset();
        if (type == DataType.FLOAT) {
            FloatBuffer db = dst.data().asNioFloat();
            FloatBuffer sb = s.data().asNioFloat();
            float[][] r = ROWS.get();
            if (r[0].length < inner) {
                r[0] = new float[inner];
                r[1] = new float[inner];
            }
            float[] a = r[0];
            float[] b = r[1];
            for (long row = 0; row < rows; row++) {
                int d = Math.toIntExact(at);
                db.get(d, a, 0, inner);
                sb.get(Math.toIntExact(from + row * inner), b, 0, inner);
                for (int j = 0; j < inner; j++) {
                    a[j] += b[j];
                }
                db.put(d, a, 0, inner);
                at = nextRow(counter, shape, stride, at);
            }
        } else {
            DoubleBuffer db = dst.data().asNioDouble();
            DoubleBuffer sb = s.data().asNioDouble();
            double[][] r = DROWS.get();
            if (r[0].length < inner) {
                r[0] = new double[inner];
                r[1] = new double[inner];
            }
            double[] a = r[0];
            double[] b = r[1];
            for (long row = 0; row < rows; row++) {
                int d = Math.toIntExact(at);
                db.get(d, a, 0, inner);
                sb.get(Math.toIntExact(from + row * inner), b, 0, inner);
                for (int j = 0; j < inner; j++) {
                    a[j] += b[j];
                }
                db.put(d, a, 0, inner);
                at = nextRow(counter, shape, stride, at);
            }
        }
    }

    /** Advances a row counter over the leading axes (last fastest) and returns the next row's offset. */
    private static long nextRow(long[] counter, long[] shape, long[] stride, long at) {
        for (int k = counter.length - 1; k >= 0; k--) {
            counter[k]++;
            at += stride[k];
            if (counter[k] < shape[k]) {
                return at;
            }
            at -= counter[k] * stride[k];
            counter[k] = 0;
        }
        return at;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * tanh from one {@code Math.exp} (an intrinsic, unlike {@code Math.tanh}, which is 4-5x slower here):
     * {@code (1 - e^-2|x|) / (1 + e^-2|x|)} with the sign of x, and its Taylor series below |x| = 0.02, where
     * the quotient would lose digits. Within 2e-15 of {@code Math.tanh} (relative), a test holds it there.
     */
    static double tanh(double x) {
        double ax = Math.abs(x);
        if (ax < 0.02) {
            double x2 = x * x;
            return x * (1 - x2 * (1.0 / 3 - x2 * (2.0 / 15 - x2 * (17.0 / 315))));
        }
        double e = Math.exp(-2 * ax);
        double t = (1 - e) / (1 + e);
        return x < 0 ? -t : t;
    }
}
