package org.seqlab.nn.recurrent;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.relu;
import static org.seqlab.autograd.ops.F.tanh;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;

/**
 * The Elman RNN cell, PyTorch's {@code nn.RNNCell}:
 * <pre>
 *   h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)      (or relu)
 * </pre>
 * Labels: {@code input_projection}, {@code projection}, {@code hidden}.
 */
public final class RnnCell extends RecurrentCell {
    /** PyTorch's {@code nonlinearity} argument. */
    public enum Nonlinearity { TANH, RELU }

    public RnnCell(long inputSize, long hiddenSize, DType dtype, SplittableRandom rng) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, true, dtype, rng);
    }

    public RnnCell(long inputSize, long hiddenSize, Nonlinearity nonlinearity, boolean bias, DType dtype,
                   SplittableRandom rng) {
        super(nonlinearity == Nonlinearity.RELU ? CellKind.RNN_RELU : CellKind.RNN_TANH, inputSize, hiddenSize,
                bias, 0.0, dtype, rng);
    }

    /** One step: {@code x (B, I)}, {@code h (B, H)} to {@code h' (B, H)}. */
    public Tensor forward(Tensor x, Tensor h) {
        return forward(x, CellState.of(h)).h();
    }

    static CellState step(Tensor xProj, Tensor hProj, boolean relu) {
        Tensor pre;
        try (Scope s = Scope.push(RecurrentLabels.PROJECTION)) {
            pre = add(xProj, hProj);                                           // (B, H)
        }
        try (Scope s = Scope.push(RecurrentLabels.HIDDEN)) {
            return CellState.of(relu ? relu(pre) : tanh(pre));
        }
    }
}
