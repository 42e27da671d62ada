package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Shape;

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
 * down to 0. The input projections of all steps are one GEMM; each step is one GEMM ({@code W_hh h}) and
 * one pass over its gates; backward, each step one GEMM ({@code W_hhᵀ dA}, with a transposed copy of W_hh made
 * once) and one pass, then the weight gradients and dx. The states and gates are held units-major
 * ({@link UnitsMajor}). Training takes it when the tape does not trace; the debugger's trace keeps the gate ops of
 * every step ({@code nn.recurrent.LstmCell}), and tests hold both to the same values and gradients.
 */
public final class LstmLayer extends RecurrentLayerOp {
    /** (4H, T*B): the input projections (with the bias) of every step. */
    private INDArray inputs;
    /** (T, 4H, B) by time: W_hh h_{t-1}, then the gates' values i, f, g, o. */
    private INDArray gates;
    /** (T+1, H, B) by visit, as hs. */
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
        super("lstm_layer", reverse, bias, lengths, steps);
    }

    @Override
    protected INDArray forward(INDArray[] a) {
        int s = biased ? 4 : 3;
        if (a.length != s + 2) {
            throw new IllegalArgumentException("lstm_layer takes x, W_ih, W_hh, " + (biased ? "b, " : "") + "h0, c0");
        }
        INDArray h0 = a[s];
        INDArray c0 = a[s + 1];
        long b0 = a[0].size(0);
        long h = a[2].rank() == 2 ? a[2].size(1) : -1;
        if (!fits(a[0], a[1], a[2], 4) || (biased && (a[3].rank() != 1 || a[3].size(0) != a[2].size(0)))
                || !state(h0, b0, h) || !state(c0, b0, h)) {
            throw shapeError("expected x (B, T, I), W_ih (4H, I), W_hh (4H, H), " + (biased ? "b (4H), " : "")
                    + "h0 and c0 (B, H), and lengths for the B sequences of T steps; found x "
                    + Shape.of(a[0].shape()) + ", W_ih " + Shape.of(a[1].shape()) + ", W_hh "
                    + Shape.of(a[2].shape()) + ", h0 " + Shape.of(h0.shape()) + ", c0 " + Shape.of(c0.shape())
                    + ". Fix: W_ih needs one column per feature of x, W_hh and the states the layer's hidden size H, "
                    + "the states one row per sequence");
        }
        start(a[0], a[1], biased ? a[3] : null, a[2], h0);
        DataType type = xtm.dataType();
        int g = 4 * hidden;
        inputs = inputProjections();
        gates = UnitsMajor.create(type, steps, g, batch);
        cs = UnitsMajor.create(type, steps + 1, hidden, batch);
        putState(Pointwise.contiguous(c0), cs);
        tanhC = UnitsMajor.create(type, steps, hidden, batch);
        Gemm.Grid w = new Gemm.Grid(whh, 0, g, hidden, hidden, 1, 0, 1, 0);
        for (int i = 0; i < steps; i++) {
            int t = time(i);
            Gemm.grid(w, false, block(hs, i, hidden), false, block(gates, t, g), 1.0, 0.0);   // W_hh h
            if (type == DataType.DOUBLE) {
                stepDouble(i, t);
            } else {
                stepFloat(i, t);
            }
        }
        save("gates", gates);
        save("c", cs);
        return outputs(cs);
    }

    private void stepFloat(int i, int t) {
        int hb = hidden * batch;
        long ga = (long) t * 4 * hb;
        boolean[] kept = keepAt(t);
        FloatBuffer gatesB = UnitsMajor.floats(gates);
        FloatBuffer inputsB = UnitsMajor.floats(inputs);
        FloatBuffer csB = UnitsMajor.floats(cs);
        FloatBuffer hsB = UnitsMajor.floats(hs);
        FloatBuffer tanhCB = UnitsMajor.floats(tanhC);
        forChunks(4, (e0, len, s) -> {
            float[] gi = s.f[0];
            float[] gf = s.f[1];
            float[] gg = s.f[2];
            float[] go = s.f[3];
            float[] c = s.f[4];
            float[] cNext = s.f[5];
            float[] th = s.f[6];
            float[] h = s.f[7];
            float[] hPrev = s.f[8];
            float[] xv = s.f[9];
            float[][] gate = {gi, gf, gg, go};
            for (int q = 0; q < 4; q++) {
                UnitsMajor.read(gatesB, ga + (long) q * hb + e0, gate[q], 0, len);
                readColumns(inputsB, q, t, e0, len, xv);
                FloatMaps.add(gate[q], xv, len);
            }
            UnitsMajor.read(csB, (long) i * hb + e0, c, 0, len);
            FloatKernels.sigmoid(gi, len, s);
            FloatKernels.sigmoid(gf, len, s);
            FloatKernels.tanh(gg, len);
            FloatKernels.sigmoid(go, len, s);
            LstmStep.cellForward(gi, gf, gg, c, cNext, th, len);                    // the step's formulas
            FloatKernels.tanh(th, len);
            LstmStep.multiply(go, th, h, len);
            if (kept != null) {
                UnitsMajor.read(hsB, (long) i * hb + e0, hPrev, 0, len);
                for (int j = 0; j < len; j++) {
                    if (!kept[(e0 + j) % batch]) {
                        h[j] = hPrev[j];
                        cNext[j] = c[j];
                    }
                }
            }
            UnitsMajor.write(gi, 0, gatesB, ga + e0, len);
            UnitsMajor.write(gf, 0, gatesB, ga + hb + e0, len);
            UnitsMajor.write(gg, 0, gatesB, ga + 2L * hb + e0, len);
            UnitsMajor.write(go, 0, gatesB, ga + 3L * hb + e0, len);
            UnitsMajor.write(h, 0, hsB, (long) (i + 1) * hb + e0, len);
            UnitsMajor.write(cNext, 0, csB, (long) (i + 1) * hb + e0, len);
            UnitsMajor.write(th, 0, tanhCB, (long) t * hb + e0, len);
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
        double[] xv = new double[4 * hb];
        readColumns(inputs, 4, t, xv);
        for (int e = 0; e < 4 * hb; e++) {
            a[e] += xv[e];
        }
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
        INDArray dGates = UnitsMajor.create(type, g4, (long) steps * batch);          // (4H, T*B)
        Gemm.Grid wt = whhTransposed();
        INDArray dhNext = UnitsMajor.create(type, hidden, batch);
        Gemm.Grid dhGrid = block(dhNext, 0, hidden);
        int s = biased ? 4 : 3;
        boolean wantH0 = needsGrad(s) || needsGrad(s + 1);
        float[] dhF = dbl ? null : new float[hb];
        float[] dcF = dbl ? null : new float[hb];
        float[] carryF = dbl || keep == null ? null : new float[hb];
        double[] dhD = dbl ? new double[hb] : null;
        double[] dcD = dbl ? new double[hb] : null;
        stateGradient(g, steps, dhF, dhD, false, null);                                 // h_n's and c_n's
        stateGradient(g, steps + 1, dcF, dcD, false, null);
        for (int i = steps - 1; i >= 0; i--) {
            int t = time(i);
            boolean[] kept = keepAt(t);
            stateGradient(g, t, dhF, dhD, true, kept);                                  // the output's
            if (dbl) {
                backStepDouble(i, t, dGates, dhD, dcD);
            } else {
                backStepFloat(i, t, dGates, dhF, dcF, carryF);
            }
            if (i > 0 || wantH0) {
                Gemm.grid(wt, false, columns(dGates, t, g4), false, dhGrid, 1.0, 0.0);  // dh = W_hhᵀ dA_t
                if (dbl) {
                    double[] carried = dhD.clone();                    // what a padded step carries, 0 elsewhere
                    UnitsMajor.read(dhNext, 0, dhD, hb);
                    for (int e = 0; e < hb; e++) {
                        dhD[e] += carried[e];
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
        grads[0] = needsGrad(0) ? inputGradient(dGates) : null;
        if (needsGrad(1) || (biased && needsGrad(3))) {
            INDArray[] w = inputWeightGradients(dGates);
            grads[1] = w[0];
            if (biased) {
                grads[3] = w[1];
            }
        }
        grads[2] = needsGrad(2) ? hiddenWeightGradients(dGates, false)[0] : null;
        grads[s] = needsGrad(s) ? batchFirst(dhF, dhD) : null;
        grads[s + 1] = needsGrad(s + 1) ? batchFirst(dcF, dcD) : null;
        return grads;
    }

    /**
     * One step back: from dh (the output's and the later steps') and dc, the gates' gradients into dA_t, dc_{t-1}
     * into dc, and for steps past a sequence's end the carried dh into {@code carry} (0 elsewhere).
     */
    private void backStepFloat(int i, int t, INDArray dGates, float[] dhAll, float[] dcAll, float[] carry) {
        int hb = hidden * batch;
        long ga = (long) t * 4 * hb;
        boolean[] kept = keepAt(t);
        FloatBuffer gatesB = UnitsMajor.floats(gates);
        FloatBuffer csB = UnitsMajor.floats(cs);
        FloatBuffer tanhCB = UnitsMajor.floats(tanhC);
        FloatBuffer dGatesB = UnitsMajor.floats(dGates);
        forChunks(4, (e0, len, s) -> {
            float[] gi = s.f[0];
            float[] gf = s.f[1];
            float[] gg = s.f[2];
            float[] go = s.f[3];
            float[] c = s.f[4];
            float[] th = s.f[5];
            float[] dh = s.f[6];
            float[] dc = s.f[7];
            UnitsMajor.read(gatesB, ga + e0, gi, 0, len);
            UnitsMajor.read(gatesB, ga + hb + e0, gf, 0, len);
            UnitsMajor.read(gatesB, ga + 2L * hb + e0, gg, 0, len);
            UnitsMajor.read(gatesB, ga + 3L * hb + e0, go, 0, len);
            UnitsMajor.read(csB, (long) i * hb + e0, c, 0, len);
            UnitsMajor.read(tanhCB, (long) t * hb + e0, th, 0, len);
            System.arraycopy(dhAll, e0, dh, 0, len);
            System.arraycopy(dcAll, e0, dc, 0, len);
            LstmStep.cellBackward(dh, dc, gi, gf, gg, go, c, th, dc, len);          // the step's formulas
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
            writeColumns(gi, dGatesB, 0, t, e0, len);
            writeColumns(gf, dGatesB, 1, t, e0, len);
            writeColumns(gg, dGatesB, 2, t, e0, len);
            writeColumns(go, dGatesB, 3, t, e0, len);
        });
    }

    /** The float64 step back; dh keeps only what a padded step carries (0 elsewhere). */
    private void backStepDouble(int i, int t, INDArray dGates, double[] dh, double[] dc) {
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
            dh[e] = 0;
        }
        writeColumns(d, dGates, 4, t);
    }
}
