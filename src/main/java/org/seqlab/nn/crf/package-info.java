/**
 * The linear-chain CRF for sequence tagging: {@link org.seqlab.nn.crf.LinearChainCrf} (pytorch-crf's
 * parameter names and layout; negative log-likelihood by the forward algorithm with one labelled scope per
 * time step; Viterbi decoding), its {@link org.seqlab.nn.crf.CrfConfig}, and the optional BIO
 * {@link org.seqlab.nn.crf.TransitionConstraints}.
 *
 * <p>May depend on {@code org.seqlab.autograd} and {@code org.seqlab.nn} (the {@code Module} base) only:
 * the likelihood is composed from the ops, so the tape sees every step.
 */
package org.seqlab.nn.crf;
