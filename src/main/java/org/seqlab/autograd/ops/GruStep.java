package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;

/**
 * One GRU time step after its two projections, fused into one pass over the values, exactly as PyTorch's
 * {@code nn.GRUCell}: from the input projection {@code x (B, 3H)}, the hidden projection {@code p (B, 3H)}
 * (both with their biases, gates stacked r, z, n) and the hidden state {@code h (B, H)} to {@code h' (B, H)}:
 * <pre>
 *   r = sigmoid(x_r + p_r),  z = sigmoid(x_z + p_z),  n = tanh(x_n + r*p_n),  h' = n + z*(h - n)
 * </pre>
 * Training takes it when the tape does not trace; the debugger's trace keeps the gate ops one by one
 * ({@code nn.recurrent.GruCell}), and a test holds both to the same values and gradients.
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

    @Override
    protected INDArray[] backward(INDArray gradOut) {
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
