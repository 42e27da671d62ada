/**
 * Sequence-to-sequence parts: {@link org.seqlab.nn.seq2seq.AttentionDecoder}, the teacher-forced recurrent
 * decoder with Bahdanau (additive) or Luong (dot, general) attention over the encoder's outputs.
 *
 * <p>May depend on {@code nn}, {@code nn.recurrent}, {@code nn.attention} and {@code autograd}.
 */
package org.seqlab.nn.seq2seq;
