package org.seqlab.nn.recurrent;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.sigmoid;
import static org.seqlab.autograd.ops.F.sub;
import static org.seqlab.autograd.ops.F.tanh;
import static org.seqlab.nn.recurrent.RecurrentLabels.HIDDEN;
import static org.seqlab.nn.recurrent.RecurrentLabels.NEW_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.RESET_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.UPDATE_GATE;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/**
 * The GRU cell (Cho et al. 2014) exactly as PyTorch's {@code nn.GRUCell} defines it, gates stacked r, z, n:
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)         reset_gate
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)         update_gate
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))      new_gate
 *   h' = (1 - z) * n + z * h                            hidden
 * </pre>
 * Note r multiplies the whole hidden projection {@code W_hn h + b_hn}, bias included (PyTorch's and cuDNN's
 * form), not h before the product as in the paper.
 */
public final class GruCell extends RecurrentCell {

    public GruCell(long inputSize, long hiddenSize, DType dtype, SplittableRandom rng) {
        this(inputSize, hiddenSize, true, dtype, rng);
    }

    public GruCell(long inputSize, long hiddenSize, boolean bias, DType dtype, SplittableRandom rng) {
        super(CellKind.GRU, inputSize, hiddenSize, bias, 0.0, dtype, rng);
    }

    /** One step: {@code x (B, I)}, {@code h (B, H)} to {@code h' (B, H)}. */
    public Tensor forward(Tensor x, Tensor h) {
        return forward(x, CellState.of(h)).h();
    }

    static CellState step(Tensor xProj, Tensor hProj, Tensor h) {
        if (fused()) {
            // training: the three gates and the new state in one fused pass (autograd.ops.GruStep)
            try (Scope s = Scope.push(HIDDEN)) {
                return CellState.of(F.gruStep(xProj, hProj, h));              // (B, H)
            }
        }
        long hidden = h.size(1);
        Tensor r;
        try (Scope s = Scope.push(RESET_GATE)) {
            r = sigmoid(add(block(xProj, 0, hidden), block(hProj, 0, hidden)));          // (B, H)
        }
        Tensor z;
        try (Scope s = Scope.push(UPDATE_GATE)) {
            z = sigmoid(add(block(xProj, 1, hidden), block(hProj, 1, hidden)));          // (B, H)
        }
        Tensor n;
        try (Scope s = Scope.push(NEW_GATE)) {
            n = tanh(add(block(xProj, 2, hidden), mul(r, block(hProj, 2, hidden))));     // (B, H)
        }
        try (Scope s = Scope.push(HIDDEN)) {
            // (1 - z) * n + z * h, written as PyTorch computes it: n + z * (h - n)
            return CellState.of(add(n, mul(z, sub(h, n))));
        }
    }
}
