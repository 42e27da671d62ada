/**
 * GPT-2 / nanoGPT's decoder-only Transformer parts with nanoGPT's parameter names and initialisation:
 * {@link org.seqlab.nn.gpt.CausalSelfAttention}, {@link org.seqlab.nn.gpt.GptBlock},
 * {@link org.seqlab.nn.gpt.GptBlocks}; {@link org.seqlab.nn.gpt.GptConfig} with presets.
 *
 * <p>May depend on {@code nn}, {@code nn.attention} and {@code autograd}.
 */
package org.seqlab.nn.gpt;
