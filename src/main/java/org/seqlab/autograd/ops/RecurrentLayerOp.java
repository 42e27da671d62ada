package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Op;

/**
 * What the one-op recurrent layers ({@link LstmLayer}, {@link GruLayer}) share: the visiting order (T-1 down to 0
 * in reverse), the padding mask, the units-major state blocks {@code (T+1, H, B)} by visit (block 0 the initial
 * state, block i+1 the state after visit i), and the products every such layer makes: all steps' input
 * projections at once, the weight gradients step by step, dx for all steps at once.
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
    INDArray x;
    INDArray wih;
    INDArray whh;
    /** (T+1, H, B) by visit. */
    INDArray hs;

    RecurrentLayerOp(String name, boolean reverse, boolean bias, long[] lengths, int steps) {
        super(name);
        this.reverse = reverse;
        this.biased = bias;
        this.keep = keepMask(lengths, steps);
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
                && wIh.size(0) == wHh.size(0) && wIh.size(1) == x0.size(2) && x0.size(0) > 0 && x0.size(1) > 0
                && (keep == null || (keep.length == x0.size(1) && keep[0].length == x0.size(0)));
    }

    static boolean state(INDArray s, long batch, long hidden) {
        return s.rank() == 2 && s.size(0) == batch && s.size(1) == hidden;
    }

    /** Takes the sizes and the contiguous inputs; block 0 of hs the initial state. */
    final void start(INDArray x0, INDArray wIh, INDArray wHh, INDArray h0) {
        batch = Math.toIntExact(x0.size(0));
        steps = Math.toIntExact(x0.size(1));
        in = Math.toIntExact(x0.size(2));
        hidden = Math.toIntExact(wHh.size(1));
        x = Pointwise.contiguous(x0);
        wih = Pointwise.contiguous(wIh);
        whh = Pointwise.contiguous(wHh);
        hs = UnitsMajor.create(x0.dataType(), steps + 1, hidden, batch);
        putState(Pointwise.contiguous(h0), hs);
    }

    /** {@code (T, rows, B)} pre-activations {@code W_ih x_tᵀ (+ bias per row)} of every step, by one product. */
    final INDArray inputProjections(INDArray bias, int rows) {
        INDArray a = UnitsMajor.create(x.dataType(), steps, rows, batch);
        if (bias != null) {
            UnitsMajor.fillRows(a, bias, steps, rows, batch);
        }
        // x_t is row t of each sequence: rows T*I apart
        Gemm.grid(new Gemm.Grid(wih, 0, rows, in, in, steps, 0, 1, 0), false,
                new Gemm.Grid(x, 0, batch, in, steps * in, steps, in, 1, 0), true,
                new Gemm.Grid(a, 0, rows, batch, batch, steps, (long) rows * batch, 1, 0), 1.0,
                bias != null ? 1.0 : 0.0);
        return a;
    }

    /** Block {@code k} of a {@code (n, rows, B)} array, as a one-matrix grid. */
    final Gemm.Grid block(INDArray a, int k, int rows) {
        return new Gemm.Grid(a, (long) k * rows * batch, rows, batch, batch, 1, 0, 1, 0);
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

    /** Chunks of a step's {@code H*B} (unit, sequence) values. */
    final int chunks() {
        return (hidden * batch + FloatKernels.CHUNK - 1) / FloatKernels.CHUNK;
    }

    /** Whether a step's pass is shared among the threads. */
    final boolean shared(int gatesPerUnit) {
        return (long) gatesPerUnit * hidden * batch >= FloatKernels.SHARE_MIN;
    }

    /** The transposed copy of W_hh the backward's products read, {@code (H, G*H)}. */
    final Gemm.Grid whhTransposed() {
        INDArray t = whh.transpose().dup('c');
        return new Gemm.Grid(t, 0, hidden, (int) whh.size(0), (int) whh.size(0), 1, 0, 1, 0);
    }

    /** dx_t = dA_tᵀ W_ih for every step at once, into row t of each sequence of a new (B, T, I). */
    final INDArray inputGradient(INDArray dA, int rows) {
        INDArray dx = UnitsMajor.create(dA.dataType(), batch, steps, in);
        Gemm.grid(new Gemm.Grid(dA, 0, rows, batch, batch, steps, (long) rows * batch, 1, 0), true,
                new Gemm.Grid(wih, 0, rows, in, in, steps, 0, 1, 0), false,
                new Gemm.Grid(dx, 0, batch, in, steps * in, steps, in, 1, 0), 1.0, 0.0);
        return dx;
    }

    /** dW_ih = Σ_t dA_t x_t, step by step into one array. */
    final INDArray inputWeightGradient(INDArray dA, int rows) {
        INDArray dw = Nd4j.zeros(dA.dataType(), rows, in);
        Gemm.Grid dwg = new Gemm.Grid(dw, 0, rows, in, in, 1, 0, 1, 0);
        for (int t = 0; t < steps; t++) {
            Gemm.grid(block(dA, t, rows), false, new Gemm.Grid(x, (long) t * in, batch, in, steps * in, 1, 0, 1, 0),
                    false, dwg, 1.0, 1.0);
        }
        return dw;
    }

    /** dW_hh = Σ_t dP_t h_{t-1}ᵀ, step by step into one array. */
    final INDArray hiddenWeightGradient(INDArray dP, int rows) {
        INDArray dw = Nd4j.zeros(dP.dataType(), rows, hidden);
        Gemm.Grid dwg = new Gemm.Grid(dw, 0, rows, hidden, hidden, 1, 0, 1, 0);
        for (int i = 0; i < steps; i++) {
            Gemm.grid(block(dP, time(i), rows), false, block(hs, i, hidden), true, dwg, 1.0, 1.0);
        }
        return dw;
    }

    /** A bias's gradient from the (rows, B) block of its per-value sums over the steps. */
    final INDArray biasGradient(float[] sumF, double[] sumD, int rows) {
        double[] sums = sumD;
        if (sums == null) {
            sums = new double[sumF.length];
            for (int i = 0; i < sumF.length; i++) {
                sums[i] = sumF[i];
            }
        }
        return Nd4j.create(UnitsMajor.rowSums(sums, rows, batch), new long[] {rows}, hs.dataType());
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

    static void addTo(float[] acc, int at, float[] v, int len) {
        for (int j = 0; j < len; j++) {
            acc[at + j] += v[j];
        }
    }
}
