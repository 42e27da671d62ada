package org.seqlab.autograd.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Op;

/**
 * What the one-op recurrent layers ({@link LstmLayer}, {@link GruLayer}) share: the visiting order (T-1 down to 0
 * in reverse), the padding mask, the units-major state blocks {@code (T+1, H, B)} by visit (block 0 the initial
 * state, block i+1 the state after visit i), and the products that span all steps, each one GEMM: the input
 * projections {@code (G*H, T*B)} of every step (x copied time-major, {@code (T*B, I)}, with a column of ones that
 * carries the bias, so the bias's gradient comes out of the weight's product), the weight gradients over all
 * {@code T*B} columns of the step gradients {@code (G*H, T*B)}, and dx.
 *
 * <p>A step's pass reads the input projections and writes its gradients as rows of such a {@code (G*H, T*B)}
 * array (its B columns of each row), and everything else as contiguous blocks.
 */
abstract class RecurrentLayerOp extends Op {
    final boolean reverse;
    final boolean biased;
    /** Per step, per sequence: whether the step is inside the sequence; null when no sequence is padded. */
    final boolean[][] keep;
    int batch;
    int steps;
    int in;
    int hidden;
    /** The width of a time-major input row: I, and a 1 for the bias. */
    int inWidth;
    /** The values of one chunk of a step's pass: a whole number of units (of B values each). */
    int chunk;
    /** (T*B, I (+1)): x time-major, row t*B + b = x[b, t], with a last column of ones when there is a bias. */
    INDArray xtm;
    /** (G*H, I (+1)): W_ih, with the bias as its last column when there is one. */
    INDArray wIn;
    INDArray whh;
    /** (T+1, H, B) by visit. */
    INDArray hs;

    RecurrentLayerOp(String name, boolean reverse, boolean bias, long[] lengths, int steps) {
        super(name);
        this.reverse = reverse;
        this.biased = bias;
        this.keep = keepMask(lengths, steps);
    }

    /** Whether a batch of this size takes the one-op layers (a step's chunk holds whole units). */
    static boolean fitsBatch(long batch) {
        return batch >= 1 && batch <= FloatKernels.CHUNK;
    }

    /** keep[t][b] = t < lengths[b]; null when no sequence is shorter than T. */
    static boolean[][] keepMask(long[] lengths, int steps) {
        if (lengths == null) {
            return null;
        }
        boolean padded = false;
        boolean[][] k = new boolean[steps][lengths.length];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < lengths.length; b++) {
                k[t][b] = t < lengths[b];
                padded |= !k[t][b];
            }
        }
        return padded ? k : null;
    }

    /** The time step of visit i. */
    final int time(int visit) {
        return reverse ? steps - 1 - visit : visit;
    }

    final boolean[] keepAt(int t) {
        return keep == null ? null : keep[t];
    }

    /** Whether x (B, T, I), the weights (G*H, I) and (G*H, H) and the lengths fit together. */
    final boolean fits(INDArray x0, INDArray wIh, INDArray wHh, int gatesPerUnit) {
        return x0.rank() == 3 && wIh.rank() == 2 && wHh.rank() == 2 && wHh.size(0) == gatesPerUnit * wHh.size(1)
                && wIh.size(0) == wHh.size(0) && wIh.size(1) == x0.size(2) && fitsBatch(x0.size(0))
                && x0.size(1) > 0 && (keep == null || (keep.length == x0.size(1) && keep[0].length == x0.size(0)));
    }

    static boolean state(INDArray s, long batch, long hidden) {
        return s.rank() == 2 && s.size(0) == batch && s.size(1) == hidden;
    }

    /** Takes the sizes and the inputs, x time-major, W_ih with the bias; block 0 of hs the initial state. */
    final void start(INDArray x0, INDArray wIh, INDArray bias, INDArray wHh, INDArray h0) {
        batch = Math.toIntExact(x0.size(0));
        steps = Math.toIntExact(x0.size(1));
        in = Math.toIntExact(x0.size(2));
        hidden = Math.toIntExact(wHh.size(1));
        inWidth = in + (bias != null ? 1 : 0);
        chunk = FloatKernels.CHUNK / batch * batch;
        DataType type = x0.dataType();
        INDArray x = Pointwise.contiguous(x0);
        xtm = UnitsMajor.create(type, (long) steps * batch, inWidth);
        wIn = bias == null ? Pointwise.contiguous(wIh) : UnitsMajor.create(type, wIh.size(0), inWidth);
        whh = Pointwise.contiguous(wHh);
        int rows = Math.toIntExact(wIh.size(0));
        INDArray w = Pointwise.contiguous(wIh);
        long xo = x.offset();
        long wo = w.offset();
        if (type == DataType.DOUBLE) {
            DoubleBuffer xb = x.data().asNioDouble();
            DoubleBuffer tb = UnitsMajor.doubles(xtm);
            double[] row = new double[inWidth];
            row[inWidth - 1] = 1;                                            // the bias's column (when there is one)
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    UnitsMajor.read(xb, xo + ((long) b * steps + t) * in, row, 0, in);
                    UnitsMajor.write(row, 0, tb, ((long) t * batch + b) * inWidth, inWidth);
                }
            }
            if (bias != null) {
                double[] bv = bias.toDoubleVector();
                DoubleBuffer wb = w.data().asNioDouble();
                DoubleBuffer ob = UnitsMajor.doubles(wIn);
                for (int k = 0; k < rows; k++) {
                    UnitsMajor.read(wb, wo + (long) k * in, row, 0, in);
                    row[in] = bv[k];
                    UnitsMajor.write(row, 0, ob, (long) k * inWidth, inWidth);
                }
            }
        } else {
            FloatBuffer xb = x.data().asNioFloat();
            FloatBuffer tb = UnitsMajor.floats(xtm);
            float[] row = new float[inWidth];
            row[inWidth - 1] = 1f;
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    UnitsMajor.read(xb, xo + ((long) b * steps + t) * in, row, 0, in);
                    UnitsMajor.write(row, 0, tb, ((long) t * batch + b) * inWidth, inWidth);
                }
            }
            if (bias != null) {
                float[] bv = Pointwise.readFloats(bias, rows, null);
                FloatBuffer wb = w.data().asNioFloat();
                FloatBuffer ob = UnitsMajor.floats(wIn);
                for (int k = 0; k < rows; k++) {
                    UnitsMajor.read(wb, wo + (long) k * in, row, 0, in);
                    row[in] = bv[k];
                    UnitsMajor.write(row, 0, ob, (long) k * inWidth, inWidth);
                }
            }
        }
        hs = UnitsMajor.create(type, steps + 1, hidden, batch);
        putState(Pointwise.contiguous(h0), hs);
    }

    /** The input projections of every step, {@code (G*H, T*B)} = W_ih x_tᵀ (+ b), column t*B + b: one product. */
    final INDArray inputProjections() {
        int rows = (int) wIn.size(0);
        int tb = steps * batch;
        INDArray a = UnitsMajor.create(xtm.dataType(), rows, tb);
        Gemm.grid(new Gemm.Grid(wIn, 0, rows, inWidth, inWidth, 1, 0, 1, 0), false,
                new Gemm.Grid(xtm, 0, tb, inWidth, inWidth, 1, 0, 1, 0), true,
                new Gemm.Grid(a, 0, rows, tb, tb, 1, 0, 1, 0), 1.0, 0.0);
        return a;
    }

    /** Block {@code k} of a {@code (n, rows, B)} array, as a one-matrix grid. */
    final Gemm.Grid block(INDArray a, int k, int rows) {
        return new Gemm.Grid(a, (long) k * rows * batch, rows, batch, batch, 1, 0, 1, 0);
    }

    /** Step t's B columns of every row of a {@code (rows, T*B)} array, as a one-matrix grid. */
    final Gemm.Grid columns(INDArray a, int t, int rows) {
        return new Gemm.Grid(a, (long) t * batch, rows, batch, steps * batch, 1, 0, 1, 0);
    }

    /**
     * Step t's values of units {@code [e0/B, (e0+len)/B)} of gate block {@code gate} of a {@code (G*H, T*B)} array
     * (B per unit) into {@code dst[0..len)}.
     */
    final void readColumns(FloatBuffer a, int gate, int t, int e0, int len, float[] dst) {
        long ld = (long) steps * batch;
        long at = ((long) gate * hidden + e0 / batch) * ld + (long) t * batch;
        for (int r = 0; r < len / batch; r++) {
            UnitsMajor.read(a, at + r * ld, dst, r * batch, batch);
        }
    }

    /** The inverse of {@link #readColumns}: {@code src[0..len)} into step t's columns of those rows. */
    final void writeColumns(float[] src, FloatBuffer a, int gate, int t, int e0, int len) {
        long ld = (long) steps * batch;
        long at = ((long) gate * hidden + e0 / batch) * ld + (long) t * batch;
        for (int r = 0; r < len / batch; r++) {
            UnitsMajor.write(src, r * batch, a, at + r * ld, batch);
        }
    }

    /** The float64 {@link #readColumns}, of whole gate blocks: {@code dst[gate*H*B ..)} for gates 0..n-1. */
    final void readColumns(INDArray a, int gates, int t, double[] dst) {
        long ld = (long) steps * batch;
        DoubleBuffer b = UnitsMajor.doubles(a);
        for (int r = 0; r < gates * hidden; r++) {
            UnitsMajor.read(b, r * ld + (long) t * batch, dst, r * batch, batch);
        }
    }

    final void writeColumns(double[] src, INDArray a, int gates, int t) {
        long ld = (long) steps * batch;
        DoubleBuffer b = UnitsMajor.doubles(a);
        for (int r = 0; r < gates * hidden; r++) {
            UnitsMajor.write(src, r * batch, b, r * ld + (long) t * batch, batch);
        }
    }

    /** A {@code (B, H)} state into block 0 of {@code (T+1, H, B)}. */
    final void putState(INDArray s, INDArray blocks) {
        int hb = hidden * batch;
        if (blocks.dataType() == DataType.DOUBLE) {
            double[] v = new double[hb];
            UnitsMajor.gather(s, 0, hidden, batch, hidden, v, false, null);
            UnitsMajor.write(v, blocks, 0, hb);
        } else {
            float[] v = new float[hb];
            UnitsMajor.gather(s, 0, hidden, batch, hidden, v, false, null);
            UnitsMajor.write(v, blocks, 0, hb);
        }
    }

    /**
     * The output {@code (B, T + extra.length + 1, H)}: the states after every step (0 past a sequence's end), then
     * h_n, then the last block of each of {@code extra} (c_n).
     */
    final INDArray outputs(INDArray... extra) {
        DataType type = hs.dataType();
        int width = steps + 1 + extra.length;
        INDArray out = UnitsMajor.create(type, batch, width, hidden);
        long rowStride = (long) width * hidden;
        boolean dbl = type == DataType.DOUBLE;
        float[] f = dbl ? null : new float[hidden * batch];
        double[] d = dbl ? new double[hidden * batch] : null;
        for (int i = 0; i < steps; i++) {
            emit(hs, i + 1, (long) time(i) * hidden, rowStride, out, keepAt(time(i)), f, d);
        }
        emit(hs, steps, (long) steps * hidden, rowStride, out, null, f, d);
        for (int k = 0; k < extra.length; k++) {
            emit(extra[k], steps, (long) (steps + 1 + k) * hidden, rowStride, out, null, f, d);
        }
        return out;
    }

    /** Block {@code k} of {@code (T+1, H, B)} written batch-first into {@code out} from {@code at}, rows apart. */
    private void emit(INDArray blocks, int k, long at, long rowStride, INDArray out, boolean[] kept, float[] f,
            double[] d) {
        int hb = hidden * batch;
        if (f != null) {
            UnitsMajor.read(blocks, (long) k * hb, f, hb);
            UnitsMajor.scatter(f, batch, hidden, out, at, rowStride, kept);
        } else {
            UnitsMajor.read(blocks, (long) k * hb, d, hb);
            UnitsMajor.scatter(d, batch, hidden, out, at, rowStride, kept);
        }
    }

    /**
     * Runs a step's pass over its {@code H*B} (unit, sequence) values chunk by chunk (whole units each), the chunks
     * shared among the threads when the step's {@code gatesPerUnit * H * B} values are enough.
     */
    final void forChunks(int gatesPerUnit, FloatKernels.Chunk body) {
        int hb = hidden * batch;
        FloatKernels.forChunks(hb, chunk, (long) gatesPerUnit * hb >= FloatKernels.SHARE_MIN, body);
    }

    /** The transposed copy of W_hh the backward's products read, {@code (H, G*H)}. */
    final Gemm.Grid whhTransposed() {
        int rows = (int) whh.size(0);
        INDArray t = UnitsMajor.create(whh.dataType(), hidden, rows);
        UnitsMajor.transpose(whh, rows, hidden, t);
        return new Gemm.Grid(t, 0, hidden, rows, rows, 1, 0, 1, 0);
    }

    /** dx = dAᵀ W_ih for every step at once (time-major), then batch-first into a new (B, T, I). */
    final INDArray inputGradient(INDArray dA) {
        int rows = (int) wIn.size(0);
        int tb = steps * batch;
        DataType type = dA.dataType();
        INDArray dxtm = UnitsMajor.create(type, tb, in);
        Gemm.grid(new Gemm.Grid(dA, 0, rows, tb, tb, 1, 0, 1, 0), true,
                new Gemm.Grid(wIn, 0, rows, in, inWidth, 1, 0, 1, 0), false,
                new Gemm.Grid(dxtm, 0, tb, in, in, 1, 0, 1, 0), 1.0, 0.0);
        INDArray dx = UnitsMajor.create(type, batch, steps, in);
        if (type == DataType.DOUBLE) {
            DoubleBuffer from = UnitsMajor.doubles(dxtm);
            DoubleBuffer to = UnitsMajor.doubles(dx);
            double[] row = new double[in];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    UnitsMajor.read(from, ((long) t * batch + b) * in, row, 0, in);
                    UnitsMajor.write(row, 0, to, ((long) b * steps + t) * in, in);
                }
            }
        } else {
            FloatBuffer from = UnitsMajor.floats(dxtm);
            FloatBuffer to = UnitsMajor.floats(dx);
            float[] row = new float[in];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    UnitsMajor.read(from, ((long) t * batch + b) * in, row, 0, in);
                    UnitsMajor.write(row, 0, to, ((long) b * steps + t) * in, in);
                }
            }
        }
        return dx;
    }

    /**
     * {@code dA (rows, T*B)} times the time-major inputs: {@code {dW_ih (rows, I), db (rows)}} by one product, the
     * bias's gradient the column of ones' (null without a bias).
     */
    final INDArray[] inputWeightGradients(INDArray dA) {
        int rows = (int) dA.size(0);
        int tb = steps * batch;
        INDArray dw = UnitsMajor.create(dA.dataType(), rows, inWidth);
        Gemm.grid(new Gemm.Grid(dA, 0, rows, tb, tb, 1, 0, 1, 0), false,
                new Gemm.Grid(xtm, 0, tb, inWidth, inWidth, 1, 0, 1, 0), false,
                new Gemm.Grid(dw, 0, rows, inWidth, inWidth, 1, 0, 1, 0), 1.0, 0.0);
        return split(dw, rows, in);
    }

    /**
     * {@code dP (rows, T*B)} times the states each step read: {@code {dW_hh (rows, H), db_hh (rows)}} by one product
     * ({@code withOnes}: the states get a row of ones, whose column is {@code Σ dP}, b_hh's gradient; else null).
     */
    final INDArray[] hiddenWeightGradients(INDArray dP, boolean withOnes) {
        int rows = (int) dP.size(0);
        int tb = steps * batch;
        int width = hidden + (withOnes ? 1 : 0);
        INDArray states = statesByTime(withOnes);
        INDArray dw = UnitsMajor.create(dP.dataType(), rows, width);
        // the state step t read is block t of the states by time (forward), block t+1 (reverse)
        Gemm.grid(new Gemm.Grid(dP, 0, rows, tb, tb, 1, 0, 1, 0), false,
                new Gemm.Grid(states, reverse ? batch : 0, width, tb, tb + batch, 1, 0, 1, 0), true,
                new Gemm.Grid(dw, 0, rows, width, width, 1, 0, 1, 0), 1.0, 0.0);
        return withOnes ? split(dw, rows, hidden) : new INDArray[] {dw, null};
    }

    /**
     * The states as {@code (H (+1), (T+1)*B)} by time: the state after step t at block t+1 (forward) or t
     * (reverse), the initial state at block 0 (forward) or T (reverse); a last row of ones when asked.
     */
    private INDArray statesByTime(boolean withOnes) {
        DataType type = hs.dataType();
        int hb = hidden * batch;
        long width = (long) (steps + 1) * batch;
        INDArray s = UnitsMajor.create(type, hidden + (withOnes ? 1 : 0), width);
        boolean dbl = type == DataType.DOUBLE;
        float[] f = dbl ? null : new float[hb];
        double[] d = dbl ? new double[hb] : null;
        if (dbl) {
            DoubleBuffer from = UnitsMajor.doubles(hs);
            DoubleBuffer to = UnitsMajor.doubles(s);
            for (int v = 0; v <= steps; v++) {
                long col = (long) (reverse ? steps - v : v) * batch;
                UnitsMajor.read(from, (long) v * hb, d, 0, hb);
                for (int j = 0; j < hidden; j++) {
                    UnitsMajor.write(d, j * batch, to, j * width + col, batch);
                }
            }
        } else {
            FloatBuffer from = UnitsMajor.floats(hs);
            FloatBuffer to = UnitsMajor.floats(s);
            for (int v = 0; v <= steps; v++) {
                long col = (long) (reverse ? steps - v : v) * batch;
                UnitsMajor.read(from, (long) v * hb, f, 0, hb);
                for (int j = 0; j < hidden; j++) {
                    UnitsMajor.write(f, j * batch, to, j * width + col, batch);
                }
            }
        }
        if (withOnes) {
            if (dbl) {
                double[] ones = new double[(int) width];
                java.util.Arrays.fill(ones, 1);
                UnitsMajor.write(ones, s, hidden * width, (int) width);
            } else {
                float[] ones = new float[(int) width];
                java.util.Arrays.fill(ones, 1f);
                UnitsMajor.write(ones, s, hidden * width, (int) width);
            }
        }
        return s;
    }

    /** {@code (rows, cols+1)} as {@code {its first cols columns, its last column}} (the last null if cols is all). */
    private static INDArray[] split(INDArray w, int rows, int cols) {
        int width = (int) w.size(1);
        if (width == cols) {
            return new INDArray[] {w, null};
        }
        DataType type = w.dataType();
        INDArray main = UnitsMajor.create(type, rows, cols);
        INDArray last = UnitsMajor.create(type, rows);
        if (type == DataType.DOUBLE) {
            DoubleBuffer from = UnitsMajor.doubles(w);
            DoubleBuffer to = UnitsMajor.doubles(main);
            double[] row = new double[width];
            double[] tail = new double[rows];
            for (int k = 0; k < rows; k++) {
                UnitsMajor.read(from, (long) k * width, row, 0, width);
                UnitsMajor.write(row, 0, to, (long) k * cols, cols);
                tail[k] = row[cols];
            }
            UnitsMajor.write(tail, last, 0, rows);
        } else {
            FloatBuffer from = UnitsMajor.floats(w);
            FloatBuffer to = UnitsMajor.floats(main);
            float[] row = new float[width];
            float[] tail = new float[rows];
            for (int k = 0; k < rows; k++) {
                UnitsMajor.read(from, (long) k * width, row, 0, width);
                UnitsMajor.write(row, 0, to, (long) k * cols, cols);
                tail[k] = row[cols];
            }
            UnitsMajor.write(tail, last, 0, rows);
        }
        return new INDArray[] {main, last};
    }

    /** A {@code (H, B)} block as a new {@code (B, H)} array. */
    final INDArray batchFirst(float[] f, double[] d) {
        INDArray out = UnitsMajor.create(hs.dataType(), batch, hidden);
        if (f != null) {
            UnitsMajor.scatter(f, batch, hidden, out, 0, hidden, null);
        } else {
            UnitsMajor.scatter(d, batch, hidden, out, 0, hidden, null);
        }
        return out;
    }

    /** The gradient of a state output (B, H) at column {@code k} of gradOut, as an (H, B) block (added if add). */
    final void stateGradient(INDArray g, int k, float[] f, double[] d, boolean add, boolean[] kept) {
        long rowStride = g.size(1) * hidden;
        if (f != null) {
            UnitsMajor.gather(g, (long) k * hidden, rowStride, batch, hidden, f, add, kept);
        } else {
            UnitsMajor.gather(g, (long) k * hidden, rowStride, batch, hidden, d, add, kept);
        }
    }
}
