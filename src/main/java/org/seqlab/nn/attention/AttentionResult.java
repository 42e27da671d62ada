package org.seqlab.nn.attention;

import org.seqlab.autograd.Tensor;

/**
 * What an attention returns: its output and the attention weights that produced it.
 *
 * <p>Multi-head attention: {@code output (B, T, E)}, {@code weights (B, nh, T, S)} — every head, not averaged.
 * Seq2seq attention: {@code output} is the context {@code (B, H)}, {@code weights (B, S)}. The weights are
 * the softmax before any attention dropout, so each row sums to 1 and is exactly 0 at masked keys
 * (PyTorch returns them after dropout while training; in evaluation both are the same).
 *
 * @param output the attended values
 * @param weights the attention distribution over the keys
 */
public record AttentionResult(Tensor output, Tensor weights) {
    public AttentionResult {
        if (output == null || weights == null) {
            throw new IllegalArgumentException("an attention result needs both its output and its weights");
        }
    }
}
