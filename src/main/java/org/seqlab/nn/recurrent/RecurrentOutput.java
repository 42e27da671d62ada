package org.seqlab.nn.recurrent;

import org.seqlab.autograd.Tensor;

/**
 * What {@link Recurrent} returns, as {@code output, (h_n, c_n) = nn.LSTM(...)(packed)} after
 * {@code pad_packed_sequence(..., batch_first=True)}.
 *
 * @param output {@code (B, T, D*H)}: the last layer's hidden state at every step, both directions joined
 *     (forward first); zero at the steps past a sequence's length
 * @param hN {@code (L*D, B, H)}: every layer's and direction's final hidden state, row {@code layer*D + d}
 *     (forward: at step {@code length-1}; reverse: at step 0)
 * @param cN {@code (L*D, B, H)}: the LSTM's final cell states in the same order; null for RNN and GRU
 */
public record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
    public RecurrentOutput {
        if (output == null || hN == null) {
            throw new IllegalArgumentException("a recurrent output needs output and h_n");
        }
    }
}
