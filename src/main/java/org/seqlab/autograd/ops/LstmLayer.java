package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Workers;

/**
 * One LSTM layer in one direction over a whole batch of sequences, as one op (PyTorch's {@code at::lstm} for one
 * layer, with {@code pack_padded_sequence}'s semantics for sequences shorter than T): from {@code x (B, T, I)},
 * {@code W_ih (4H, I)}, {@code W_hh (4H, H)}, a bias {@code b (4H)} ({@code b_ih + b_hh}, or none), and the initial
 * states {@code h0, c0 (B, H)} to {@code (B, T+2, H)}: the outputs of steps 0..T-1, then h_n and c_n.
 * <pre>
 *   a_t = W_ih x_t + b + W_hh h_{t-1};  i, f, o = sigmoid(a_i, a_f, a_o), g = tanh(a_g)
 *   c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 * </pre>
 * A step past a sequence's length carries its state unchanged and outputs 0; the reverse direction visits T-1
 * down to 0. The input projections of all steps are one batched GEMM; each step is one GEMM ({@code W_hh h}) and
 * one pass over its gates; backward, each step one GEMM ({@code W_hhᵀ dA}, with a transposed copy of W_hh made
 * once) and one pass, then the weight gradients and dx step by step. The states and gates are held units-major
 * ({@link UnitsMajor}). Training takes it when the tape does not trace; the debugger's trace keeps the gate ops of
 * every step ({@code nn.recurrent.LstmCell}), and tests hold both to the same values and gradients.
 */
public final class LstmLayer extends Op {
    private final boolean reverse;
    private final boolean biased;
    /** Per step, per sequence: whether the step is inside the sequence; null when no sequence is padded. */
    private final boolean[][] keep;
    private int batch;
    private int steps;
    private int in;
    private int hidden;
    private INDArray x;
    private INDArray wih;
    private INDArray whh;
    /** (T, 4H, B) by time: the pre-activations, then the gates' values i, f, g, o. */
    private INDArray gates;
    /** (T+1, H, B) by visit: block 0 the initial state, block i+1 the state after visit i. */
    private INDArray hs;
    private INDArray cs;
    /** (T, H, B) by time: tanh(c_t). */
    private INDArray tanhC;

    /**
     * @param reverse visit T-1 down to 0
     * @param bias whether the inputs hold a bias after the weights
     * @param lengths each sequence's valid steps (1..T), or null when all have T
     * @param steps T
     */
    public LstmLayer(boolean reverse, boolean bias, long[] lengths, int steps) {
        super("lstm_layer");
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

    private int time(int visit) {
        return reverse ? steps - 1 - visit : visit;
    }

    private boolean[] keepAt(int t) {
        return keep == null ? null : keep[t];
    }

    @Override
    protected INDArray forward(INDArray[] a) {
        int s = biased ? 4 : 3;
        if (a.length != s + 2) {
            throw new IllegalArgumentException("lstm_layer takes x, W_ih, W_hh, " + (biased ? "b, " : "") + "h0, c0");
        }
        INDArray x0 = a[0];
        INDArray h0 = a[s];
        INDArray c0 = a[s + 1];
        if (x0.rank() != 3 || a[1].rank() != 2 || a[2].rank() != 2 || a[2].size(0) != 4 * a[2].size(1)
                || a[1].size(0) != a[2].size(0) || a[1].size(1) != x0.size(2)
                || (biased && (a[3].rank() != 1 || a[3].size(0) != a[2].size(0)))
                || !state(h0, x0.size(0), a[2].size(1)) || !state(c0, x0.size(0), a[2].size(1))
                || (keep != null && (keep.length != x0.size(1) || keep[0].length != x0.size(0)))) {
            throw shapeError("expected x (B, T, I), W_ih (4H, I), W_hh (4H, H), " + (biased ? "b (4H), " : "")
                    + "h0 and c0 (B, H), and lengths for the B sequences of T steps; found x "
                    + Shape.of(x0.shape()) + ", W_ih " + Shape.of(a[1].shape()) + ", W_hh " + Shape.of(a[2].shape())
                    + ", h0 " + Shape.of(h0.shape()) + ", c0 " + Shape.of(c0.shape()));
        }
        batch = Math.toIntExact(x0.size(0));
        steps = Math.toIntExact(x0.size(1));
        in = Math.toIntExact(x0.size(2));
        hidden = Math.toIntExact(a[2].size(1));
        DataType type = x0.dataType();
        x = Pointwise.contiguous(x0);
        wih = Pointwise.contiguous(a[1]);
        whh = Pointwise.contiguous(a[2]);
        int g = 4 * hidden;
        int hb = hidden * batch;
        gates = UnitsMajor.create(type, steps, g, batch);
        if (biased) {
            UnitsMajor.fillRows(gates, a[3], steps, g, batch);
        }
        // a_t = W_ih x_tᵀ (+ b) for every step at once: x_t is row t of each sequence (rows T*I apart)
        Gemm.grid(new Gemm.Grid(wih, 0, g, in, in, steps, 0, 1, 0), false,
                new Gemm.Grid(x, 0, batch, in, steps * in, steps, in, 1, 0), true,
                new Gemm.Grid(gates, 0, g, batch, batch, steps, (long) g * batch, 1, 0), 1.0, biased ? 1.0 : 0.0);
        hs = UnitsMajor.create(type, steps + 1, hidden, batch);
        cs = UnitsMajor.create(type, steps + 1, hidden, batch);
        tanhC = UnitsMajor.create(type, steps, hidden, batch);
        boolean dbl = type == DataType.DOUBLE;
        putState(Pointwise.contiguous(h0), hs, dbl);
        putState(Pointwise.contiguous(c0), cs, dbl);
        Gemm.Grid w = new Gemm.Grid(whh, 0, g, hidden, hidden, 1, 0, 1, 0);
        for (int i = 0; i < steps; i++) {
            int t = time(i);
            Gemm.grid(w, false, block(hs, i, hidden), false, block(gates, t, g), 1.0, 1.0);   // a_t += W_hh h
            if (dbl) {
                stepDouble(i, t);
            } else {
                stepFloat(i, t);
            }
        }
        INDArray out = UnitsMajor.create(type, batch, steps + 2, hidden);
        long rowStride = (long) (steps + 2) * hidden;
        float[] f = dbl ? null : new float[hb];
        double[] d = dbl ? new double[hb] : null;
        for (int i = 0; i <= steps; i++) {
            if (i < steps) {
                emit(hs, i + 1, (long) time(i) * hidden, rowStride, out, keepAt(time(i)), f, d);
            } else {
                emit(hs, steps, (long) steps * hidden, rowStride, out, null, f, d);
                emit(cs, steps, (long) (steps + 1) * hidden, rowStride, out, null, f, d);
            }
        }
        save("gates", gates);
        save("c", cs);
        return out;
    }

    private static boolean state(INDArray s, long batch, long hidden) {
        return s.rank() == 2 && s.size(0) == batch && s.size(1) == hidden;
    }

    /** Block {@code k} of a {@code (n, rows, B)} array, as a one-matrix grid. */
    private Gemm.Grid block(INDArray a, int k, int rows) {
        return new Gemm.Grid(a, (long) k * rows * batch, rows, batch, batch, 1, 0, 1, 0);
    }

    /** A {@code (B, H)} state into block 0 of {@code (T+1, H, B)}. */
    private void putState(INDArray s, INDArray blocks, boolean dbl) {
        int hb = hidden * batch;
        if (dbl) {
            double[] v = new double[hb];
            UnitsMajor.gather(s, 0, hidden, batch, hidden, v, false, null);
            UnitsMajor.write(v, blocks, 0, hb);
        } else {
            float[] v = new float[hb];
            UnitsMajor.gather(s, 0, hidden, batch, hidden, v, false, null);
            UnitsMajor.write(v, blocks, 0, hb);
        }
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

    /** The values of one chunk of a step's units: {@code [e0, e0 + len)} of its {@code H*B} (unit, sequence) pairs. */
    private int chunks() {
        return (hidden * batch + FloatKernels.CHUNK - 1) / FloatKernels.CHUNK;
    }

    private boolean shared() {
        return 4L * hidden * batch >= FloatKernels.SHARE_MIN;
    }

    private void stepFloat(int i, int t) {
        int hb = hidden * batch;
        long ga = (long) t * 4 * hb;
        boolean[] kept = keepAt(t);
        Workers.forRuns(chunks(), 1, shared(), (k0, k1) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            float[] gi = s.f[0];
            float[] gf = s.f[1];
            float[] gg = s.f[2];
            float[] go = s.f[3];
            float[] c = s.f[4];
            float[] cNext = s.f[5];
            float[] th = s.f[6];
            float[] h = s.f[7];
            float[] hPrev = s.f[8];
            for (int k = k0; k < k1; k++) {
                int e0 = k * FloatKernels.CHUNK;
                int len = Math.min(FloatKernels.CHUNK, hb - e0);
                UnitsMajor.read(gates, ga + e0, gi, len);
                UnitsMajor.read(gates, ga + hb + e0, gf, len);
                UnitsMajor.read(gates, ga + 2L * hb + e0, gg, len);
                UnitsMajor.read(gates, ga + 3L * hb + e0, go, len);
                UnitsMajor.read(cs, (long) i * hb + e0, c, len);
                FloatKernels.sigmoid(gi, len, s);
                FloatKernels.sigmoid(gf, len, s);
                FloatKernels.tanh(gg, len);
                FloatKernels.sigmoid(go, len, s);
                for (int j = 0; j < len; j++) {
                    float v = gf[j] * c[j] + gi[j] * gg[j];
                    cNext[j] = v;
                    th[j] = v;
                }
                FloatKernels.tanh(th, len);
                for (int j = 0; j < len; j++) {
                    h[j] = go[j] * th[j];
                }
                if (kept != null) {
                    UnitsMajor.read(hs, (long) i * hb + e0, hPrev, len);
                    for (int j = 0; j < len; j++) {
                        if (!kept[(e0 + j) % batch]) {
                            h[j] = hPrev[j];
                            cNext[j] = c[j];
                        }
                    }
                }
                UnitsMajor.write(gi, gates, ga + e0, len);
                UnitsMajor.write(gf, gates, ga + hb + e0, len);
                UnitsMajor.write(gg, gates, ga + 2L * hb + e0, len);
                UnitsMajor.write(go, gates, ga + 3L * hb + e0, len);
                UnitsMajor.write(h, hs, (long) (i + 1) * hb + e0, len);
                UnitsMajor.write(cNext, cs, (long) (i + 1) * hb + e0, len);
                UnitsMajor.write(th, tanhC, (long) t * hb + e0, len);
            }
        });
    }

    private void stepDouble(int i, int t) {
        int hb = hidden * batch;
        long ga = (long) t * 4 * hb;
        boolean[] kept = keepAt(t);
        double[] a = new double[4 * hb];
        double[] c = new double[hb];
        double[] hPrev = new double[hb];
        UnitsMajor.read(gates, ga, a, 4 * hb);
        UnitsMajor.read(cs, (long) i * hb, c, hb);
        UnitsMajor.read(hs, (long) i * hb, hPrev, hb);
        double[] h = new double[hb];
        double[] cNext = new double[hb];
        double[] th = new double[hb];
        for (int e = 0; e < hb; e++) {
            double gi = Pointwise.sigmoid(a[e]);
            double gf = Pointwise.sigmoid(a[hb + e]);
            double gg = Pointwise.tanh(a[2 * hb + e]);
            double go = Pointwise.sigmoid(a[3 * hb + e]);
            a[e] = gi;
            a[hb + e] = gf;
            a[2 * hb + e] = gg;
            a[3 * hb + e] = go;
            double v = gf * c[e] + gi * gg;
            th[e] = Pointwise.tanh(v);
            boolean inside = kept == null || kept[e % batch];
            cNext[e] = inside ? v : c[e];
            h[e] = inside ? go * th[e] : hPrev[e];
        }
        UnitsMajor.write(a, gates, ga, 4 * hb);
        UnitsMajor.write(h, hs, (long) (i + 1) * hb, hb);
        UnitsMajor.write(cNext, cs, (long) (i + 1) * hb, hb);
        UnitsMajor.write(th, tanhC, (long) t * hb, hb);
    }

    @Override
    protected INDArray[] backward(INDArray gradOut) {
        INDArray g = Pointwise.contiguous(gradOut);
        DataType type = gates.dataType();
        boolean dbl = type == DataType.DOUBLE;
        int g4 = 4 * hidden;
        int hb = hidden * batch;
        long rowStride = (long) (steps + 2) * hidden;
        INDArray dGates = UnitsMajor.create(type, steps, g4, batch);
        INDArray whhT = whh.transpose().dup('c');                                   // (H, 4H)
        Gemm.Grid wt = new Gemm.Grid(whhT, 0, hidden, g4, g4, 1, 0, 1, 0);
        INDArray dhNext = UnitsMajor.create(type, hidden, batch);
        Gemm.Grid dhGrid = new Gemm.Grid(dhNext, 0, hidden, batch, batch, 1, 0, 1, 0);
        int s = biased ? 4 : 3;
        boolean wantH0 = needsGrad(s) || needsGrad(s + 1);
        float[] dhF = dbl ? null : new float[hb];
        float[] dcF = dbl ? null : new float[hb];
        float[] carryF = dbl || keep == null ? null : new float[hb];
        float[] sumF = dbl || !biased ? null : new float[g4 * batch];
        double[] dhD = dbl ? new double[hb] : null;
        double[] dcD = dbl ? new double[hb] : null;
        double[] sumD = dbl && biased ? new double[g4 * batch] : null;
        // the final states' gradients start the recurrence
        if (dbl) {
            UnitsMajor.gather(g, (long) steps * hidden, rowStride, batch, hidden, dhD, false, null);
            UnitsMajor.gather(g, (long) (steps + 1) * hidden, rowStride, batch, hidden, dcD, false, null);
        } else {
            UnitsMajor.gather(g, (long) steps * hidden, rowStride, batch, hidden, dhF, false, null);
            UnitsMajor.gather(g, (long) (steps + 1) * hidden, rowStride, batch, hidden, dcF, false, null);
        }
        for (int i = steps - 1; i >= 0; i--) {
            int t = time(i);
            boolean[] kept = keepAt(t);
            if (dbl) {
                UnitsMajor.gather(g, (long) t * hidden, rowStride, batch, hidden, dhD, true, kept);
                backStepDouble(i, t, dGates, dhD, dcD, sumD);
            } else {
                UnitsMajor.gather(g, (long) t * hidden, rowStride, batch, hidden, dhF, true, kept);
                backStepFloat(i, t, dGates, dhF, dcF, carryF, sumF);
            }
            if (i > 0 || wantH0) {
                Gemm.grid(wt, false, block(dGates, t, g4), false, dhGrid, 1.0, 0.0);    // dh = W_hhᵀ dA_t
                if (dbl) {
                    double[] carried = keep == null ? null : dhD.clone();
                    UnitsMajor.read(dhNext, 0, dhD, hb);
                    if (kept != null) {
                        for (int e = 0; e < hb; e++) {
                            if (!kept[e % batch]) {
                                dhD[e] += carried[e];
                            }
                        }
                    }
                } else {
                    UnitsMajor.read(dhNext, 0, dhF, hb);
                    if (kept != null) {
                        for (int e = 0; e < hb; e++) {
                            dhF[e] += carryF[e];
                        }
                    }
                }
            }
        }
        INDArray[] grads = new INDArray[s + 2];
        if (needsGrad(0)) {
            // dx_t = dA_tᵀ W_ih for every step at once, into row t of each sequence
            INDArray dx = UnitsMajor.create(type, batch, steps, in);
            Gemm.grid(new Gemm.Grid(dGates, 0, g4, batch, batch, steps, (long) g4 * batch, 1, 0), true,
                    new Gemm.Grid(wih, 0, g4, in, in, steps, 0, 1, 0), false,
                    new Gemm.Grid(dx, 0, batch, in, steps * in, steps, in, 1, 0), 1.0, 0.0);
            grads[0] = dx;
        }
        if (needsGrad(1)) {
            INDArray dw = Nd4j.zeros(type, g4, in);
            Gemm.Grid dwg = new Gemm.Grid(dw, 0, g4, in, in, 1, 0, 1, 0);
            for (int t = 0; t < steps; t++) {
                Gemm.grid(block(dGates, t, g4), false, new Gemm.Grid(x, (long) t * in, batch, in, steps * in, 1, 0,
                        1, 0), false, dwg, 1.0, 1.0);                                    // += dA_t x_t
            }
            grads[1] = dw;
        }
        if (needsGrad(2)) {
            INDArray dw = Nd4j.zeros(type, g4, hidden);
            Gemm.Grid dwg = new Gemm.Grid(dw, 0, g4, hidden, hidden, 1, 0, 1, 0);
            for (int i = 0; i < steps; i++) {
                Gemm.grid(block(dGates, time(i), g4), false, block(hs, i, hidden), true, dwg, 1.0, 1.0);
            }
            grads[2] = dw;                                                              // += dA_t h_{t-1}ᵀ
        }
        if (biased && needsGrad(3)) {
            double[] sums = dbl ? sumD : widen(sumF);
            grads[3] = Nd4j.create(UnitsMajor.rowSums(sums, g4, batch), new long[] {g4}, type);
        }
        if (needsGrad(s)) {
            grads[s] = batchFirst(type, dhF, dhD);
        }
        if (needsGrad(s + 1)) {
            grads[s + 1] = batchFirst(type, dcF, dcD);
        }
        return grads;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** A {@code (H, B)} block as a new {@code (B, H)} array. */
    private INDArray batchFirst(DataType type, float[] f, double[] d) {
        INDArray out = UnitsMajor.create(type, batch, hidden);
        if (f != null) {
            UnitsMajor.scatter(f, batch, hidden, out, 0, hidden, null);
        } else {
            UnitsMajor.scatter(d, batch, hidden, out, 0, hidden, null);
        }
        return out;
    }

    /**
     * One step back: from dh (output's and the later step's) and dc, the gates' gradients into dA_t, dc_{t-1} into
     * dc, and for steps past a sequence's end the carried dh into {@code carry} (0 elsewhere).
     */
    private void backStepFloat(int i, int t, INDArray dGates, float[] dhAll, float[] dcAll, float[] carry,
            float[] sums) {
        int hb = hidden * batch;
        long ga = (long) t * 4 * hb;
        boolean[] kept = keepAt(t);
        Workers.forRuns(chunks(), 1, shared(), (k0, k1) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            float[] gi = s.f[0];
            float[] gf = s.f[1];
            float[] gg = s.f[2];
            float[] go = s.f[3];
            float[] c = s.f[4];
            float[] th = s.f[5];
            float[] dh = s.f[6];
            float[] dc = s.f[7];
            for (int k = k0; k < k1; k++) {
                int e0 = k * FloatKernels.CHUNK;
                int len = Math.min(FloatKernels.CHUNK, hb - e0);
                UnitsMajor.read(gates, ga + e0, gi, len);
                UnitsMajor.read(gates, ga + hb + e0, gf, len);
                UnitsMajor.read(gates, ga + 2L * hb + e0, gg, len);
                UnitsMajor.read(gates, ga + 3L * hb + e0, go, len);
                UnitsMajor.read(cs, (long) i * hb + e0, c, len);
                UnitsMajor.read(tanhC, (long) t * hb + e0, th, len);
                System.arraycopy(dhAll, e0, dh, 0, len);
                System.arraycopy(dcAll, e0, dc, 0, len);
                for (int j = 0; j < len; j++) {
                    float ij = gi[j];
                    float fj = gf[j];
                    float gj = gg[j];
                    float oj = go[j];
                    float tj = th[j];
                    float dcNext = dc[j] + dh[j] * oj * (1f - tj * tj);
                    gi[j] = dcNext * gj * ij * (1f - ij);
                    gf[j] = dcNext * c[j] * fj * (1f - fj);
                    gg[j] = dcNext * ij * (1f - gj * gj);
                    go[j] = dh[j] * tj * oj * (1f - oj);
                    dc[j] = dcNext * fj;
                }
                if (kept != null) {
                    for (int j = 0; j < len; j++) {
                        boolean inside = kept[(e0 + j) % batch];
                        carry[e0 + j] = inside ? 0f : dh[j];
                        if (!inside) {
                            gi[j] = 0f;
                            gf[j] = 0f;
                            gg[j] = 0f;
                            go[j] = 0f;
                            dc[j] = dcAll[e0 + j];
                        }
                    }
                }
                System.arraycopy(dc, 0, dcAll, e0, len);
                UnitsMajor.write(gi, dGates, ga + e0, len);
                UnitsMajor.write(gf, dGates, ga + hb + e0, len);
                UnitsMajor.write(gg, dGates, ga + 2L * hb + e0, len);
                UnitsMajor.write(go, dGates, ga + 3L * hb + e0, len);
                if (sums != null) {
                    addTo(sums, e0, gi, len);
                    addTo(sums, hb + e0, gf, len);
                    addTo(sums, 2 * hb + e0, gg, len);
                    addTo(sums, 3 * hb + e0, go, len);
                }
            }
        });
    }

    private static void addTo(float[] acc, int at, float[] v, int len) {
        for (int j = 0; j < len; j++) {
            acc[at + j] += v[j];
        }
    }

    private void backStepDouble(int i, int t, INDArray dGates, double[] dh, double[] dc, double[] sums) {
        int hb = hidden * batch;
        long ga = (long) t * 4 * hb;
        boolean[] kept = keepAt(t);
        double[] a = new double[4 * hb];
        double[] c = new double[hb];
        double[] th = new double[hb];
        UnitsMajor.read(gates, ga, a, 4 * hb);
        UnitsMajor.read(cs, (long) i * hb, c, hb);
        UnitsMajor.read(tanhC, (long) t * hb, th, hb);
        double[] d = new double[4 * hb];
        for (int e = 0; e < hb; e++) {
            if (kept != null && !kept[e % batch]) {
                continue;                                       // gates 0; dh and dc carried as they are
            }
            double i1 = a[e];
            double f1 = a[hb + e];
            double g1 = a[2 * hb + e];
            double o1 = a[3 * hb + e];
            double dcNext = dc[e] + dh[e] * o1 * (1 - th[e] * th[e]);
            d[e] = dcNext * g1 * i1 * (1 - i1);
            d[hb + e] = dcNext * c[e] * f1 * (1 - f1);
            d[2 * hb + e] = dcNext * i1 * (1 - g1 * g1);
            d[3 * hb + e] = dh[e] * th[e] * o1 * (1 - o1);
            dc[e] = dcNext * f1;
            dh[e] = 0;                                          // nothing carried past a step inside the sequence
        }
        UnitsMajor.write(d, dGates, ga, 4 * hb);
        if (sums != null) {
            for (int e = 0; e < 4 * hb; e++) {
                sums[e] += d[e];
            }
        }
    }
}
