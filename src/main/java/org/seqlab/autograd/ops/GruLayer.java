package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Shape;

/**
 * One GRU layer in one direction over a whole batch of sequences, as one op (PyTorch's {@code at::gru} for one
 * layer, padded sequences as {@code pack_padded_sequence} runs them): from {@code x (B, T, I)},
 * {@code W_ih (3H, I)}, {@code W_hh (3H, H)}, the biases {@code b_ih, b_hh (3H)} (or none) and {@code h0 (B, H)} to
 * {@code (B, T+1, H)}: the outputs of steps 0..T-1, then h_n.
 * <pre>
 *   x_t = W_ih x_t + b_ih,  p_t = W_hh h_{t-1} + b_hh  (gates stacked r, z, n)
 *   r = sigmoid(x_r + p_r),  z = sigmoid(x_z + p_z),  n = tanh(x_n + r p_n),  h_t = n + z (h_{t-1} - n)
 * </pre>
 * The same plan as {@link LstmLayer}: all steps' input projections one GEMM, each step one GEMM and one
 * pass over its gates units-major, backward one GEMM ({@code W_hhᵀ dp}) and one pass a step, then the weight
 * gradients and dx. Training takes it when the tape does not trace (the encoder's {@code nn.recurrent.Recurrent},
 * the teacher-forced decoder's cell); the debugger's trace keeps the gate ops of every step, and tests hold both to
 * the same values and gradients.
 */
public final class GruLayer extends RecurrentLayerOp {
    /** (3H, T*B): the input projections (with b_ih) of every step. */
    private INDArray inputs;
    /** (T, 3H, B) by time: W_hh h_{t-1}, then the gates' values r, z, n. */
    private INDArray gates;
    /** (T, H, B) by time: p_n, W_hn h_{t-1} + b_hn. */
    private INDArray pn;
    /** b_hh repeated along each row of a (3H, B) block; null without biases. */
    private float[] biasF;
    private double[] biasD;

    /**
     * @param reverse visit T-1 down to 0
     * @param bias whether the inputs hold b_ih and b_hh after the weights
     * @param lengths each sequence's valid steps (1..T), or null when all have T
     * @param steps T
     */
    public GruLayer(boolean reverse, boolean bias, long[] lengths, int steps) {
        super("gru_layer", reverse, bias, lengths, steps);
    }

    @Override
    protected INDArray forward(INDArray[] a) {
        int s = biased ? 5 : 3;
        if (a.length != s + 1) {
            throw new IllegalArgumentException("gru_layer takes x, W_ih, W_hh, " + (biased ? "b_ih, b_hh, " : "")
                    + "h0");
        }
        INDArray h0 = a[s];
        long h = a[2].rank() == 2 ? a[2].size(1) : -1;
        if (!fits(a[0], a[1], a[2], 3) || (biased && (!bias(a[3], a[2].size(0)) || !bias(a[4], a[2].size(0))))
                || !state(h0, a[0].size(0), h)) {
            throw shapeError("expected x (B, T, I), W_ih (3H, I), W_hh (3H, H), " + (biased ? "b_ih and b_hh (3H), "
                    : "") + "h0 (B, H), and lengths for the B sequences of T steps; found x " + Shape.of(a[0].shape())
                    + ", W_ih " + Shape.of(a[1].shape()) + ", W_hh " + Shape.of(a[2].shape()) + ", h0 "
                    + Shape.of(h0.shape())
                    + ". Fix: W_ih needs one column per feature of x, W_hh and the states the layer's hidden size H, "
                    + "the states one row per sequence");
        }
        start(a[0], a[1], biased ? a[3] : null, a[2], h0);
        DataType type = xtm.dataType();
        boolean dbl = type == DataType.DOUBLE;
        int g = 3 * hidden;
        inputs = inputProjections();
        gates = UnitsMajor.create(type, steps, g, batch);
        pn = UnitsMajor.create(type, steps, hidden, batch);
        if (biased) {
            double[] v = a[4].toDoubleVector();
            biasD = new double[g * batch];
            for (int k = 0; k < g; k++) {
                java.util.Arrays.fill(biasD, k * batch, (k + 1) * batch, v[k]);
            }
            if (!dbl) {
                biasF = new float[g * batch];
                for (int e = 0; e < biasF.length; e++) {
                    biasF[e] = (float) biasD[e];
                }
                biasD = null;
            }
        }
        Gemm.Grid w = new Gemm.Grid(whh, 0, g, hidden, hidden, 1, 0, 1, 0);
        for (int i = 0; i < steps; i++) {
            int t = time(i);
            Gemm.grid(w, false, block(hs, i, hidden), false, block(gates, t, g), 1.0, 0.0);   // p = W_hh h
            if (dbl) {
                stepDouble(i, t);
            } else {
                stepFloat(i, t);
            }
        }
        save("gates", gates);
        save("p_n", pn);
        return outputs();
    }

    private static boolean bias(INDArray b, long rows) {
        return b.rank() == 1 && b.size(0) == rows;
    }

    private void stepFloat(int i, int t) {
        int hb = hidden * batch;
        long ga = (long) t * 3 * hb;
        boolean[] kept = keepAt(t);
        FloatBuffer gatesB = UnitsMajor.floats(gates);
        FloatBuffer inputsB = UnitsMajor.floats(inputs);
        FloatBuffer hsB = UnitsMajor.floats(hs);
        FloatBuffer pnB = UnitsMajor.floats(pn);
        forChunks(3, (e0, len, s) -> {
            float[] r = s.f[0];
            float[] z = s.f[1];
            float[] n = s.f[2];
            float[] pr = s.f[3];
            float[] pz = s.f[4];
            float[] pnv = s.f[5];
            float[] h = s.f[6];
            float[] hNext = s.f[7];
            readColumns(inputsB, 0, t, e0, len, r);
            readColumns(inputsB, 1, t, e0, len, z);
            readColumns(inputsB, 2, t, e0, len, n);
            UnitsMajor.read(gatesB, ga + e0, pr, 0, len);
            UnitsMajor.read(gatesB, ga + hb + e0, pz, 0, len);
            UnitsMajor.read(gatesB, ga + 2L * hb + e0, pnv, 0, len);
            UnitsMajor.read(hsB, (long) i * hb + e0, h, 0, len);
            if (biasF != null) {
                addTo(pr, 0, biasF, e0, len);
                addTo(pz, 0, biasF, hb + e0, len);
                addTo(pnv, 0, biasF, 2 * hb + e0, len);
            }
            for (int j = 0; j < len; j++) {
                r[j] += pr[j];
                z[j] += pz[j];
            }
            FloatKernels.sigmoid(r, len, s);
            FloatKernels.sigmoid(z, len, s);
            GruStep.candidateArgument(n, r, pnv, n, len);
            FloatKernels.tanh(n, len);
            GruStep.blend(n, z, h, hNext, len);
            if (kept != null) {
                for (int j = 0; j < len; j++) {
                    if (!kept[(e0 + j) % batch]) {
                        hNext[j] = h[j];
                    }
                }
            }
            UnitsMajor.write(r, 0, gatesB, ga + e0, len);
            UnitsMajor.write(z, 0, gatesB, ga + hb + e0, len);
            UnitsMajor.write(n, 0, gatesB, ga + 2L * hb + e0, len);
            UnitsMajor.write(pnv, 0, pnB, (long) t * hb + e0, len);
            UnitsMajor.write(hNext, 0, hsB, (long) (i + 1) * hb + e0, len);
        });
    }

    /** {@code a[from..from+len) += v[at..at+len)}. */
    private static void addTo(float[] a, int from, float[] v, int at, int len) {
        for (int j = 0; j < len; j++) {
            a[from + j] += v[at + j];
        }
    }

    private void stepDouble(int i, int t) {
        int hb = hidden * batch;
        long ga = (long) t * 3 * hb;
        boolean[] kept = keepAt(t);
        double[] a = new double[3 * hb];
        double[] q = new double[3 * hb];
        double[] h = new double[hb];
        readColumns(inputs, 3, t, a);
        UnitsMajor.read(gates, ga, q, 3 * hb);
        UnitsMajor.read(hs, (long) i * hb, h, hb);
        if (biasD != null) {
            for (int e = 0; e < 3 * hb; e++) {
                q[e] += biasD[e];
            }
        }
        double[] pnv = new double[hb];
        double[] hNext = new double[hb];
        for (int e = 0; e < hb; e++) {
            double r = Pointwise.sigmoid(a[e] + q[e]);
            double z = Pointwise.sigmoid(a[hb + e] + q[hb + e]);
            pnv[e] = q[2 * hb + e];
            double n = Pointwise.tanh(a[2 * hb + e] + r * pnv[e]);
            a[e] = r;
            a[hb + e] = z;
            a[2 * hb + e] = n;
            hNext[e] = kept == null || kept[e % batch] ? n + z * (h[e] - n) : h[e];
        }
        UnitsMajor.write(a, gates, ga, 3 * hb);
        UnitsMajor.write(pnv, pn, (long) t * hb, hb);
        UnitsMajor.write(hNext, hs, (long) (i + 1) * hb, hb);
    }

    @Override
    protected INDArray[] backward(INDArray gradOut) {
        INDArray g = Pointwise.contiguous(gradOut);
        DataType type = gates.dataType();
        boolean dbl = type == DataType.DOUBLE;
        int g3 = 3 * hidden;
        int hb = hidden * batch;
        INDArray dx = UnitsMajor.create(type, g3, (long) steps * batch);      // d(x_t's projections): dr, dz, dn
        INDArray dp = UnitsMajor.create(type, g3, (long) steps * batch);      // d(p_t): dr, dz, dn r
        Gemm.Grid wt = whhTransposed();
        INDArray dhNext = UnitsMajor.create(type, hidden, batch);
        Gemm.Grid dhGrid = block(dhNext, 0, hidden);
        int s = biased ? 5 : 3;
        float[] dhF = dbl ? null : new float[hb];
        float[] directF = dbl ? null : new float[hb];
        double[] dhD = dbl ? new double[hb] : null;
        stateGradient(g, steps, dhF, dhD, false, null);                                 // h_n's
        for (int i = steps - 1; i >= 0; i--) {
            int t = time(i);
            stateGradient(g, t, dhF, dhD, true, keepAt(t));                             // the output's
            if (dbl) {
                backStepDouble(i, t, dx, dp, dhD);
            } else {
                backStepFloat(i, t, dx, dp, dhF, directF);
            }
            if (i > 0 || needsGrad(s)) {
                Gemm.grid(wt, false, columns(dp, t, g3), false, dhGrid, 1.0, 0.0);      // W_hhᵀ dp_t
                if (dbl) {
                    double[] direct = dhD.clone();
                    UnitsMajor.read(dhNext, 0, dhD, hb);
                    for (int e = 0; e < hb; e++) {
                        dhD[e] += direct[e];
                    }
                } else {
                    UnitsMajor.read(dhNext, 0, dhF, hb);
                    for (int e = 0; e < hb; e++) {
                        dhF[e] += directF[e];
                    }
                }
            }
        }
        INDArray[] grads = new INDArray[s + 1];
        grads[0] = needsGrad(0) ? inputGradient(dx) : null;
        if (needsGrad(1) || (biased && needsGrad(3))) {
            INDArray[] w = inputWeightGradients(dx);
            grads[1] = w[0];
            if (biased) {
                grads[3] = w[1];
            }
        }
        if (needsGrad(2) || (biased && needsGrad(4))) {
            INDArray[] w = hiddenWeightGradients(dp, biased);
            grads[2] = w[0];
            if (biased) {
                grads[4] = w[1];
            }
        }
        grads[s] = needsGrad(s) ? batchFirst(dhF, dhD) : null;
        return grads;
    }

    /**
     * One step back (GruStep's formulas): from dh, the gradients of x_t's and p_t's projections into dx_t and
     * dp_t, and the part of dh_{t-1} that does not pass through W_hh ({@code dh z}, or all of dh past a sequence's
     * end) into {@code direct}.
     */
    private void backStepFloat(int i, int t, INDArray dx, INDArray dp, float[] dhAll, float[] direct) {
        int hb = hidden * batch;
        long ga = (long) t * 3 * hb;
        boolean[] kept = keepAt(t);
        FloatBuffer gatesB = UnitsMajor.floats(gates);
        FloatBuffer pnB = UnitsMajor.floats(pn);
        FloatBuffer hsB = UnitsMajor.floats(hs);
        FloatBuffer dxB = UnitsMajor.floats(dx);
        FloatBuffer dpB = UnitsMajor.floats(dp);
        forChunks(3, (e0, len, s) -> {
            float[] r = s.f[0];
            float[] z = s.f[1];
            float[] n = s.f[2];
            float[] pnv = s.f[3];
            float[] h = s.f[4];
            float[] dh = s.f[5];
            float[] dr = s.f[6];
            float[] dz = s.f[7];
            float[] dn = s.f[8];
            float[] dpn = s.f[9];
            float[] dd = s.f[10];
            UnitsMajor.read(gatesB, ga + e0, r, 0, len);
            UnitsMajor.read(gatesB, ga + hb + e0, z, 0, len);
            UnitsMajor.read(gatesB, ga + 2L * hb + e0, n, 0, len);
            UnitsMajor.read(pnB, (long) t * hb + e0, pnv, 0, len);
            UnitsMajor.read(hsB, (long) i * hb + e0, h, 0, len);
            System.arraycopy(dhAll, e0, dh, 0, len);
            GruStep.stepBackward(dh, r, z, n, pnv, h, dr, dz, dn, dpn, dd, len);       // the step's formulas
            if (kept != null) {
                for (int j = 0; j < len; j++) {
                    if (!kept[(e0 + j) % batch]) {
                        dr[j] = 0f;
                        dz[j] = 0f;
                        dn[j] = 0f;
                        dpn[j] = 0f;
                        dd[j] = dh[j];
                    }
                }
            }
            System.arraycopy(dd, 0, direct, e0, len);
            writeColumns(dr, dxB, 0, t, e0, len);
            writeColumns(dz, dxB, 1, t, e0, len);
            writeColumns(dn, dxB, 2, t, e0, len);
            writeColumns(dr, dpB, 0, t, e0, len);
            writeColumns(dz, dpB, 1, t, e0, len);
            writeColumns(dpn, dpB, 2, t, e0, len);
        });
    }

    /** The float64 step back; dh becomes the part of dh_{t-1} that does not pass through W_hh. */
    private void backStepDouble(int i, int t, INDArray dx, INDArray dp, double[] dh) {
        int hb = hidden * batch;
        long ga = (long) t * 3 * hb;
        boolean[] kept = keepAt(t);
        double[] a = new double[3 * hb];
        double[] pnv = new double[hb];
        double[] h = new double[hb];
        UnitsMajor.read(gates, ga, a, 3 * hb);
        UnitsMajor.read(pn, (long) t * hb, pnv, hb);
        UnitsMajor.read(hs, (long) i * hb, h, hb);
        double[] dX = new double[3 * hb];
        double[] dP = new double[3 * hb];
        for (int e = 0; e < hb; e++) {
            if (kept != null && !kept[e % batch]) {
                continue;                                       // gates 0; dh carried as it is
            }
            double r = a[e];
            double z = a[hb + e];
            double n = a[2 * hb + e];
            double g = dh[e];
            double dnPre = g * (1 - z) * (1 - n * n);
            double drPre = dnPre * pnv[e] * r * (1 - r);
            double dzPre = g * (h[e] - n) * z * (1 - z);
            dX[e] = drPre;
            dX[hb + e] = dzPre;
            dX[2 * hb + e] = dnPre;
            dP[e] = drPre;
            dP[hb + e] = dzPre;
            dP[2 * hb + e] = dnPre * r;
            dh[e] = g * z;
        }
        writeColumns(dX, dx, 3, t);
        writeColumns(dP, dp, 3, t);
    }
}
