package org.seqlab.model.graph;

/**
 * Two parameters that are one tensor (weight tying: GPT's {@code lm_head.weight} is
 * {@code transformer.wte.weight}). Both names appear in the state dict, as in PyTorch.
 */
public record TiedWeight(String parameter, String sameAs) {
}
