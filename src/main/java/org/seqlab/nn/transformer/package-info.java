/**
 * The Transformer (Vaswani et al. 2017) as PyTorch builds it: {@link org.seqlab.nn.transformer.TransformerConfig}
 * (with presets), positional encodings ({@link org.seqlab.nn.transformer.SinusoidalPositionalEncoding}, a
 * constant, and {@link org.seqlab.nn.transformer.LearnedPositionalEmbedding}), the encoder and decoder layers
 * ({@code nn.TransformerEncoderLayer} / {@code nn.TransformerDecoderLayer} with {@code batch_first=True}:
 * same parameter names, post-norm and pre-norm), their stacks and the whole encoder-decoder
 * ({@code nn.Transformer}).
 *
 * <p>May depend on {@code org.seqlab.nn}, {@code org.seqlab.nn.attention} and {@code org.seqlab.autograd}
 * (and {@link org.seqlab.SeqLabException}); no ND4J.
 */
package org.seqlab.nn.transformer;
