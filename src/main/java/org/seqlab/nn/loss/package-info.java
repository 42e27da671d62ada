/**
 * Losses: {@link org.seqlab.nn.loss.CrossEntropyLoss} (ignore index, label smoothing), the CRF's negative
 * log-likelihood {@link org.seqlab.nn.loss.CrfNllLoss}, and BERT's {@link org.seqlab.nn.loss.MaskedLmLoss}.
 * Each checks its inputs and names what it expected, what it found and the fix, then computes through the
 * ops under the label {@code loss}.
 *
 * <p>May depend on {@code org.seqlab.autograd} and {@code org.seqlab.nn} (including {@code nn.crf}) only.
 */
package org.seqlab.nn.loss;
