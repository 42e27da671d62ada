package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Workers;

/**
 * One LSTM time step after its two projections, fused into one pass over the values: from the input
 * projection {@code x (B, 4H)}, the hidden projection {@code p (B, 4H)} (gates stacked i, f, g, o as in
 * PyTorch) and the cell state {@code c (B, H)} to {@code (2, B, H)}, the next hidden state at index 0 and
 * the next cell state at index 1:
 * <pre>
 *   a = x + p;  i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o)
 *   c' = f*c + i*g;  h' = o*tanh(c')
 * </pre>
 * Training takes it when the tape does not trace; the debugger's trace keeps the gate ops one by one
 * ({@code nn.recurrent.LstmCell}), and a test holds both to the same values and gradients.
 *
 * <p>float64 computes in double. float32 computes in float32, row by row, with {@link FloatKernels}' vectorised
 * sigmoid and tanh (ND4J's and {@code Math.exp} are scalar), where {@code 4H} fits one chunk.
 */
public final class LstmStep extends Op {
    private int batch;
    private int hidden;
    private DataType type;
    /** i, f, g, o after their nonlinearities, (B, 4H) row-major; c; tanh(c'). */
    private double[] gates;
    private double[] c;
    private double[] tanhC;
    /** The float32 pass's saved state: the same, in float. */
    private float[] gatesF;
    private float[] cF;
    private float[] tanhF;

    public LstmStep() {
        super("lstm_step");
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        INDArray p = in[1];
        INDArray cell = in[2];
        if (cell.rank() != 2 || x.rank() != 2 || p.rank() != 2 || x.size(0) != cell.size(0)
                || x.size(1) != 4 * cell.size(1) || p.size(0) != x.size(0) || p.size(1) != x.size(1)) {
            throw shapeError("expected the input projection and the hidden projection (B, 4H) and the cell state "
                    + "(B, H)");
        }
        batch = Math.toIntExact(cell.size(0));
        hidden = Math.toIntExact(cell.size(1));
        type = x.dataType();
        if (floatPath(x, p, cell)) {
            return forwardFloat(Pointwise.lastContiguous(x), Pointwise.lastContiguous(p),
                    Pointwise.lastContiguous(cell));
        }
        gatesF = null;
        gates = Pointwise.read(x);
        double[] pv = Pointwise.read(p, Pointwise.scratch(0, batch * 4 * hidden));
        c = Pointwise.read(cell);
        tanhC = new double[batch * hidden];
        double[] out = Pointwise.scratch(1, 2 * batch * hidden);
        int h = hidden;
        int cOffset = batch * hidden;
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * h;
            for (int j = 0; j < h; j++) {
                int ii = row + j;
                int ff = ii + h;
                int gg = ff + h;
                int oo = gg + h;
                double i = Pointwise.sigmoid(gates[ii] + pv[ii]);
                double f = Pointwise.sigmoid(gates[ff] + pv[ff]);
                double g = Pointwise.tanh(gates[gg] + pv[gg]);
                double o = Pointwise.sigmoid(gates[oo] + pv[oo]);
                gates[ii] = i;
                gates[ff] = f;
                gates[gg] = g;
                gates[oo] = o;
                int k = b * h + j;
                double cNext = f * c[k] + i * g;
                double t = Pointwise.tanh(cNext);
                tanhC[k] = t;
                out[k] = o * t;
                out[cOffset + k] = cNext;
            }
        }
        return Pointwise.write(type, out, 2, batch, hidden);
    }

    private boolean floatPath(INDArray x, INDArray p, INDArray cell) {
        return type == DataType.FLOAT && p.dataType() == DataType.FLOAT && cell.dataType() == DataType.FLOAT
                && 4 * hidden <= FloatKernels.CHUNK && batch > 0 && hidden > 0;
    }

    private INDArray forwardFloat(INDArray x, INDArray p, INDArray cell) {
        int h = hidden;
        int g4 = 4 * h;
        gatesF = new float[batch * g4];
        cF = new float[batch * h];
        tanhF = new float[batch * h];
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {2, batch, h}, 'c');
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer pb = p.data().asNioFloat();
        FloatBuffer cb = cell.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int oo = Math.toIntExact(out.offset());
        Workers.forRuns(batch, 1, (long) batch * (4 * hidden) >= FloatKernels.SHARE_MIN, (b0, b1) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            float[] a = s.f[0];
            float[] q = s.f[1];
            float[] gi = s.f[2];
            float[] gf = s.f[3];
            float[] gg = s.f[4];
            float[] go = s.f[5];
            float[] c = s.f[6];
            float[] cNext = s.f[7];
            float[] t = s.f[8];
            float[] hNext = s.f[9];
            for (int b = b0; b < b1; b++) {
                Pointwise.getRow(xb, x, b, a, g4);
                Pointwise.getRow(pb, p, b, q, g4);
                Pointwise.getRow(cb, cell, b, c, h);
                FloatMaps.add(a, q, g4);
                FloatKernels.split(a, 0, h, gi, gf, gg, go);
                FloatKernels.sigmoid(gi, h, s);
                FloatKernels.sigmoid(gf, h, s);
                FloatKernels.tanh(gg, h);
                FloatKernels.sigmoid(go, h, s);
                cellForward(gi, gf, gg, c, cNext, t, h);
                FloatKernels.tanh(t, h);
                multiply(go, t, hNext, h);
                int row = b * g4;
                FloatKernels.join(gatesF, row, h, gi, gf, gg, go);
                System.arraycopy(c, 0, cF, b * h, h);
                System.arraycopy(t, 0, tanhF, b * h, h);
                ob.put(oo + b * h, hNext, 0, h);
                ob.put(oo + (batch + b) * h, cNext, 0, h);
            }
        });
        return out;
    }

    static void multiply(float[] a, float[] b, float[] out, int len) {
        for (int i = 0; i < len; i++) {
            out[i] = a[i] * b[i];
        }
    }

    /** c' = f c + i g, into {@code cNext} and (to take its tanh) {@code t}. */
    static void cellForward(float[] i, float[] f, float[] g, float[] c, float[] cNext, float[] t, int len) {
        for (int j = 0; j < len; j++) {
            float v = f[j] * c[j] + i[j] * g[j];
            cNext[j] = v;
            t[j] = v;
        }
    }

    private INDArray[] backwardFloat(INDArray gradOut) {
        int h = hidden;
        int g4 = 4 * h;
        INDArray g = Pointwise.contiguous(gradOut);
        FloatBuffer gb = g.data().asNioFloat();
        int go0 = Math.toIntExact(g.offset());
        boolean wantPre = needsGrad(0) || needsGrad(1);
        INDArray dPre = wantPre ? Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, g4}, 'c') : null;
        INDArray dCell = needsGrad(2) ? Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, h}, 'c') : null;
        FloatBuffer db = dPre == null ? null : dPre.data().asNioFloat();
        FloatBuffer dcb = dCell == null ? null : dCell.data().asNioFloat();
        Workers.forRuns(batch, 1, (long) batch * (4 * hidden) >= FloatKernels.SHARE_MIN, (b0, b1) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            float[] dh = s.f[0];
            float[] dcIn = s.f[1];
            float[] gi = s.f[2];
            float[] gf = s.f[3];
            float[] gg = s.f[4];
            float[] go = s.f[5];
            float[] c = s.f[6];
            float[] t = s.f[7];
            float[] dc = s.f[8];
            float[] d = s.f[9];
            for (int b = b0; b < b1; b++) {
                gb.get(go0 + b * h, dh, 0, h);
                gb.get(go0 + (batch + b) * h, dcIn, 0, h);
                int row = b * g4;
                FloatKernels.split(gatesF, row, h, gi, gf, gg, go);
                System.arraycopy(cF, b * h, c, 0, h);
                System.arraycopy(tanhF, b * h, t, 0, h);
                // the gate gradients overwrite the gates (dI into gi, ...), dc' into dcIn, dc into dc
                cellBackward(dh, dcIn, gi, gf, gg, go, c, t, dc, h);
                if (db != null) {
                    FloatKernels.join(d, 0, h, gi, gf, gg, go);
                    db.put(Math.toIntExact(dPre.offset()) + row, d, 0, g4);
                }
                if (dcb != null) {
                    dcb.put(Math.toIntExact(dCell.offset()) + b * h, dc, 0, h);
                }
            }
        });
        return new INDArray[] {needsGrad(0) ? dPre : null, needsGrad(1) ? dPre : null, dCell};
    }

    /** The float32 step's gradients, the double loop's formulas; the gates' arrays receive their gradients. */
    static void cellBackward(float[] dh, float[] dcIn, float[] i, float[] f, float[] g, float[] o, float[] c,
                             float[] t, float[] dc, int len) {
        for (int j = 0; j < len; j++) {
            float ij = i[j];
            float fj = f[j];
            float gj = g[j];
            float oj = o[j];
            float tj = t[j];
            float dcNext = dcIn[j] + dh[j] * oj * (1f - tj * tj);
            i[j] = dcNext * gj * ij * (1f - ij);
            f[j] = dcNext * c[j] * fj * (1f - fj);
            g[j] = dcNext * ij * (1f - gj * gj);
            o[j] = dh[j] * tj * oj * (1f - oj);
            dc[j] = dcNext * fj;
        }
    }

    @Override
    protected INDArray[] backward(INDArray gradOut) {
        if (gatesF != null && gradOut.dataType() == DataType.FLOAT) {
            return backwardFloat(gradOut);
        }
        int h = hidden;
        double[] g = Pointwise.read(gradOut.reshape('c', 2L * batch, h), Pointwise.scratch(0, 2 * batch * h));
        int cOffset = batch * hidden;
        double[] dGates = Pointwise.scratch(1, batch * 4 * h);
        double[] dc = Pointwise.scratch(2, batch * h);
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * h;
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                int ii = row + j;
                int ff = ii + h;
                int gg = ff + h;
                int oo = gg + h;
                double i = gates[ii];
                double f = gates[ff];
                double cand = gates[gg];
                double o = gates[oo];
                double t = tanhC[k];
                double dh = g[k];
                // dL/dc' from both outputs: directly, and through h' = o*tanh(c')
                double dcNext = g[cOffset + k] + dh * o * (1 - t * t);
                dGates[ii] = dcNext * cand * i * (1 - i);
                dGates[ff] = dcNext * c[k] * f * (1 - f);
                dGates[gg] = dcNext * i * (1 - cand * cand);
                dGates[oo] = dh * t * o * (1 - o);
                dc[k] = dcNext * f;
            }
        }
        INDArray dPre = needsGrad(0) || needsGrad(1) ? Pointwise.write(type, dGates, batch, 4L * h) : null;
        return new INDArray[] {
            needsGrad(0) ? dPre : null,
            needsGrad(1) ? dPre : null,
            needsGrad(2) ? Pointwise.write(type, dc, batch, h) : null};
    }
}
