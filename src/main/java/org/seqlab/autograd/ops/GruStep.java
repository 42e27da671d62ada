package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Workers;

/**
 * One GRU time step after its two projections, fused into one pass over the values, exactly as PyTorch's
 * {@code nn.GRUCell}: from the input projection {@code x (B, 3H)}, the hidden projection {@code p (B, 3H)}
 * (both with their biases, gates stacked r, z, n) and the hidden state {@code h (B, H)} to {@code h' (B, H)}:
 * <pre>
 *   r = sigmoid(x_r + p_r),  z = sigmoid(x_z + p_z),  n = tanh(x_n + r*p_n),  h' = n + z*(h - n)
 * </pre>
 * Training takes it when the tape does not trace; the debugger's trace keeps the gate ops one by one
 * ({@code nn.recurrent.GruCell}), and a test holds both to the same values and gradients.
 *
 * <p>float64 computes in double. float32 computes in float32, row by row, with {@link FloatKernels}' vectorised
 * sigmoid and tanh, where {@code 3H} fits one chunk.
 */
public final class GruStep extends Op {
    private int batch;
    private int hidden;
    private DataType type;
    /** r, z, n after their nonlinearities, (B, 3H) row-major. */
    private double[] gates;
    /** The hidden projection's n block, p_n (B, H). */
    private double[] pn;
    private double[] h;
    /** The float32 pass's saved state: r, z, n (B, 3H), p_n and h, in float. */
    private float[] gatesF;
    private float[] pnF;
    private float[] hF;

    public GruStep() {
        super("gru_step");
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        INDArray p = in[1];
        INDArray state = in[2];
        if (state.rank() != 2 || x.rank() != 2 || p.rank() != 2 || x.size(0) != state.size(0)
                || x.size(1) != 3 * state.size(1) || p.size(0) != x.size(0) || p.size(1) != x.size(1)) {
            throw shapeError("expected the input projection and the hidden projection (B, 3H) and the hidden state "
                    + "(B, H)");
        }
        batch = Math.toIntExact(state.size(0));
        hidden = Math.toIntExact(state.size(1));
        type = x.dataType();
        if (type == DataType.FLOAT && p.dataType() == DataType.FLOAT && state.dataType() == DataType.FLOAT
                && 3 * hidden <= FloatKernels.CHUNK && batch > 0 && hidden > 0) {
            return forwardFloat(Pointwise.lastContiguous(x), Pointwise.lastContiguous(p),
                    Pointwise.lastContiguous(state));
        }
        gatesF = null;
        gates = Pointwise.read(x);
        double[] pv = Pointwise.read(p, Pointwise.scratch(0, batch * 3 * hidden));
        h = Pointwise.read(state);
        pn = new double[batch * hidden];
        double[] out = Pointwise.scratch(1, batch * hidden);
        int n = hidden;
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * n;
            for (int j = 0; j < n; j++) {
                int rr = row + j;
                int zz = rr + n;
                int nn = zz + n;
                int k = b * n + j;
                double r = Pointwise.sigmoid(gates[rr] + pv[rr]);
                double z = Pointwise.sigmoid(gates[zz] + pv[zz]);
                pn[k] = pv[nn];
                double cand = Pointwise.tanh(gates[nn] + r * pv[nn]);
                gates[rr] = r;
                gates[zz] = z;
                gates[nn] = cand;
                out[k] = cand + z * (h[k] - cand);
            }
        }
        return Pointwise.write(type, out, batch, hidden);
    }

    private INDArray forwardFloat(INDArray x, INDArray p, INDArray state) {
        int n = hidden;
        int g3 = 3 * n;
        gatesF = new float[batch * g3];
        pnF = new float[batch * n];
        hF = new float[batch * n];
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, n}, 'c');
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer pb = p.data().asNioFloat();
        FloatBuffer hb = state.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int oo = Math.toIntExact(out.offset());
        Workers.forRuns(batch, 1, (long) batch * (3 * hidden) >= FloatKernels.SHARE_MIN, (b0, b1) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            float[] a = s.f[0];
            float[] q = s.f[1];
            float[] r = s.f[2];
            float[] z = s.f[3];
            float[] xn = s.f[4];
            float[] pn = s.f[5];
            float[] hv = s.f[6];
            float[] cand = s.f[7];
            float[] hNext = s.f[8];
            for (int b = b0; b < b1; b++) {
                Pointwise.getRow(xb, x, b, a, g3);
                Pointwise.getRow(pb, p, b, q, g3);
                Pointwise.getRow(hb, state, b, hv, n);
                System.arraycopy(q, 2 * n, pn, 0, n);
                System.arraycopy(a, 2 * n, xn, 0, n);
                FloatMaps.add(a, q, 2 * n);
                FloatKernels.split(a, 0, n, r, z);
                FloatKernels.sigmoid(r, n, s);
                FloatKernels.sigmoid(z, n, s);
                candidateArgument(xn, r, pn, cand, n);
                FloatKernels.tanh(cand, n);
                blend(cand, z, hv, hNext, n);
                int row = b * g3;
                FloatKernels.join(gatesF, row, n, r, z, cand);
                System.arraycopy(pn, 0, pnF, b * n, n);
                System.arraycopy(hv, 0, hF, b * n, n);
                ob.put(oo + b * n, hNext, 0, n);
            }
        });
        return out;
    }

    static void candidateArgument(float[] xn, float[] r, float[] pn, float[] out, int len) {
        for (int j = 0; j < len; j++) {
            out[j] = xn[j] + r[j] * pn[j];
        }
    }

    /** h' = n + z (h - n). */
    static void blend(float[] cand, float[] z, float[] h, float[] out, int len) {
        for (int j = 0; j < len; j++) {
            out[j] = cand[j] + z[j] * (h[j] - cand[j]);
        }
    }

    private INDArray[] backwardFloat(INDArray gradOut) {
        int n = hidden;
        int g3 = 3 * n;
        INDArray g = Pointwise.contiguous(gradOut);
        FloatBuffer gb = g.data().asNioFloat();
        int gOff = Math.toIntExact(g.offset());
        INDArray dxA = needsGrad(0) ? Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, g3}, 'c') : null;
        INDArray dpA = needsGrad(1) ? Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, g3}, 'c') : null;
        INDArray dhA = needsGrad(2) ? Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, n}, 'c') : null;
        FloatBuffer dxb = dxA == null ? null : dxA.data().asNioFloat();
        FloatBuffer dpb = dpA == null ? null : dpA.data().asNioFloat();
        FloatBuffer dhb = dhA == null ? null : dhA.data().asNioFloat();
        Workers.forRuns(batch, 1, (long) batch * (3 * hidden) >= FloatKernels.SHARE_MIN, (b0, b1) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            float[] gh = s.f[0];
            float[] r = s.f[1];
            float[] z = s.f[2];
            float[] cand = s.f[3];
            float[] pn = s.f[4];
            float[] hv = s.f[5];
            float[] dr = s.f[6];
            float[] dz = s.f[7];
            float[] dn = s.f[8];
            float[] dpn = s.f[9];
            float[] dh = s.f[10];
            float[] d = s.f[11];
            for (int b = b0; b < b1; b++) {
                gb.get(gOff + b * n, gh, 0, n);
                int row = b * g3;
                FloatKernels.split(gatesF, row, n, r, z, cand);
                System.arraycopy(pnF, b * n, pn, 0, n);
                System.arraycopy(hF, b * n, hv, 0, n);
                stepBackward(gh, r, z, cand, pn, hv, dr, dz, dn, dpn, dh, n);
                if (dxb != null) {
                    FloatKernels.join(d, 0, n, dr, dz, dn);
                    dxb.put(Math.toIntExact(dxA.offset()) + row, d, 0, g3);
                }
                if (dpb != null) {
                    FloatKernels.join(d, 0, n, dr, dz, dpn);
                    dpb.put(Math.toIntExact(dpA.offset()) + row, d, 0, g3);
                }
                if (dhb != null) {
                    dhb.put(Math.toIntExact(dhA.offset()) + b * n, dh, 0, n);
                }
            }
        });
        return new INDArray[] {dxA, dpA, dhA};
    }

    /** The float32 step's gradients, the double loop's formulas. */
    static void stepBackward(float[] gh, float[] r, float[] z, float[] cand, float[] pn, float[] h,
                             float[] dr, float[] dz, float[] dn, float[] dpn, float[] dh, int len) {
        for (int j = 0; j < len; j++) {
            float rj = r[j];
            float zj = z[j];
            float cj = cand[j];
            float g = gh[j];
            float dnPre = g * (1f - zj) * (1f - cj * cj);
            dr[j] = dnPre * pn[j] * rj * (1f - rj);
            dz[j] = g * (h[j] - cj) * zj * (1f - zj);
            dn[j] = dnPre;
            dpn[j] = dnPre * rj;
            dh[j] = g * zj;
        }
    }

    @Override
    protected INDArray[] backward(INDArray gradOut) {
        if (gatesF != null && gradOut.dataType() == DataType.FLOAT) {
            return backwardFloat(gradOut);
        }
        int n = hidden;
        double[] g = Pointwise.read(gradOut, Pointwise.scratch(0, batch * n));
        double[] dx = Pointwise.scratch(1, batch * 3 * n);
        double[] dp = needsGrad(1) ? Pointwise.scratch(3, batch * 3 * n) : null;
        double[] dh = Pointwise.scratch(2, batch * n);
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * n;
            for (int j = 0; j < n; j++) {
                int rr = row + j;
                int zz = rr + n;
                int nn = zz + n;
                int k = b * n + j;
                double r = gates[rr];
                double z = gates[zz];
                double cand = gates[nn];
                double gh = g[k];
                double dnPre = gh * (1 - z) * (1 - cand * cand);
                double drPre = dnPre * pn[k] * r * (1 - r);
                double dzPre = gh * (h[k] - cand) * z * (1 - z);
                dx[rr] = drPre;
                dx[zz] = dzPre;
                dx[nn] = dnPre;
                if (dp != null) {
                    dp[rr] = drPre;
                    dp[zz] = dzPre;
                    dp[nn] = dnPre * r;
                }
                dh[k] = gh * z;
            }
        }
        return new INDArray[] {
            needsGrad(0) ? Pointwise.write(type, dx, batch, 3L * n) : null,
            dp != null ? Pointwise.write(type, dp, batch, 3L * n) : null,
            needsGrad(2) ? Pointwise.write(type, dh, batch, n) : null};
    }
}
