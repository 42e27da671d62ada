package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;

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
 */
public final class LstmStep extends Op {
    private int batch;
    private int hidden;
    private DataType type;
    /** i, f, g, o after their nonlinearities, (B, 4H) row-major; c; tanh(c'). */
    private double[] gates;
    private double[] c;
    private double[] tanhC;

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

    @Override
    protected INDArray[] backward(INDArray gradOut) {
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
