package org.seqlab.nn.recurrent;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.tanh;
import static org.seqlab.nn.recurrent.RecurrentLabels.CELL;
import static org.seqlab.nn.recurrent.RecurrentLabels.CELL_CANDIDATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.FORGET_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.HIDDEN;
import static org.seqlab.nn.recurrent.RecurrentLabels.INPUT_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.OUTPUT_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.PROJECTION;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/**
 * The LSTM cell (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000), PyTorch's
 * {@code nn.LSTMCell}, gates stacked i, f, g, o:
 * <pre>
 *   i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)      input_gate
 *   f  = sigmoid(W_if x + b_if + W_hf h + b_hf)      forget_gate
 *   g  = tanh   (W_ig x + b_ig + W_hg h + b_hg)      cell_candidate
 *   o  = sigmoid(W_io x + b_io + W_ho h + b_ho)      output_gate
 *   c' = f * c + i * g                               cell
 *   h' = o * tanh(c')                                hidden
 * </pre>
 * An optional forget bias (Jozefowicz et al. 2015 recommend 1.0) is added to the f block of
 * {@code bias_ih} at initialisation; PyTorch has none, so the default is 0.
 */
public final class LstmCell extends RecurrentCell {

    public LstmCell(long inputSize, long hiddenSize, DType dtype, SplittableRandom rng) {
        this(inputSize, hiddenSize, true, 0.0, dtype, rng);
    }

    public LstmCell(long inputSize, long hiddenSize, boolean bias, double forgetBias, DType dtype,
                    SplittableRandom rng) {
        super(CellKind.LSTM, inputSize, hiddenSize, bias, checkForgetBias(forgetBias, bias), dtype, rng);
    }

    /** One step: {@code x (B, I)}, {@code h, c (B, H)} to the next {@code (h', c')}. */
    public CellState forward(Tensor x, Tensor h, Tensor c) {
        return forward(x, CellState.of(h, c));
    }

    static CellState step(Tensor xProj, Tensor hProj, Tensor c) {
        if (fused()) {
            // training: the gates, the cell and the hidden state in one fused pass (autograd.ops.LstmStep)
            Tensor next;
            try (Scope s = Scope.push(PROJECTION)) {
                next = F.lstmStep(xProj, hProj, c);                            // (2, B, H): h', c'
            }
            try (Scope s = Scope.push(HIDDEN)) {
                return CellState.of(F.select(next, 0, 0), F.select(next, 0, 1));
            }
        }
        long hidden = c.size(1);
        Tensor gates;
        try (Scope s = Scope.push(PROJECTION)) {
            gates = add(xProj, hProj);                                         // (B, 4H): i, f, g, o
        }
        Tensor i = gate(INPUT_GATE, gates, 0, hidden, F::sigmoid);
        Tensor f = gate(FORGET_GATE, gates, 1, hidden, F::sigmoid);
        Tensor g = gate(CELL_CANDIDATE, gates, 2, hidden, F::tanh);
        Tensor o = gate(OUTPUT_GATE, gates, 3, hidden, F::sigmoid);
        Tensor cNext;
        try (Scope s = Scope.push(CELL)) {
            cNext = add(mul(f, c), mul(i, g));                                 // (B, H)
        }
        try (Scope s = Scope.push(HIDDEN)) {
            return CellState.of(mul(o, tanh(cNext)), cNext);
        }
    }

    private static double checkForgetBias(double forgetBias, boolean bias) {
        if (!Double.isFinite(forgetBias) || forgetBias != 0 && !bias) {
            throw new IllegalArgumentException("a forget bias needs a finite value and bias=true; found forgetBias="
                    + forgetBias + ", bias=" + bias);
        }
        return forgetBias;
    }

    /** {@code biasIh} with {@code forgetBias} added to its f block (rows H..2H); other kinds pass 0. */
    static Tensor withForgetBias(Tensor biasIh, double forgetBias, long hidden) {
        if (forgetBias == 0) {
            return biasIh;
        }
        double[] v = biasIh.toDoubleArray();
        for (int j = (int) hidden; j < 2 * hidden; j++) {
            v[j] += forgetBias;
        }
        return Tensor.of(biasIh.dtype(), v, biasIh.shape().toArray());
    }
}
