/**
 * Attention: {@link org.seqlab.nn.attention.ScaledDotProductAttention} (softmax(QK^T/sqrt(d) + masks) V),
 * {@link org.seqlab.nn.attention.MultiheadAttention} (PyTorch's {@code nn.MultiheadAttention} with
 * {@code batch_first=True}: same parameters, same numbers), {@link org.seqlab.nn.attention.AttentionMask}
 * (causal, key padding and user masks), and the seq2seq attentions a decoder step uses over the encoder's
 * outputs: {@link org.seqlab.nn.attention.AdditiveAttention} (Bahdanau), {@link org.seqlab.nn.attention.DotAttention}
 * and {@link org.seqlab.nn.attention.GeneralAttention} (Luong). Every variant returns an
 * {@link org.seqlab.nn.attention.AttentionResult} (output, weights) and records its scores, masked scores and
 * weights as separately labelled trace events ({@code .../attn/scores}, {@code scaled}, {@code masked},
 * {@code weights}) so the app can show each step.
 *
 * <p>May depend on {@code org.seqlab.nn} and {@code org.seqlab.autograd} (and
 * {@link org.seqlab.SeqLabException}); no ND4J: every computation goes through the ops, so the tape sees it.
 */
package org.seqlab.nn.attention;
