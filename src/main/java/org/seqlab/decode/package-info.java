/**
 * Decoding: greedy, beam search with length normalisation that keeps its whole tree (every hypothesis, its
 * score, its parent, pruned, kept or finished) for the app to draw, sampling with temperature, top-k and top-p,
 * and Viterbi for CRF taggers. All seeded and reproducible. The algorithms see a model only as a
 * {@link org.seqlab.decode.NextToken} (log-probabilities of the next token after a prefix);
 * {@link org.seqlab.decode.GraphNextToken} adapts a compiled graph to it.
 *
 * <p>May depend on {@code model} (and {@code nn}, {@code autograd}, the root package).
 */
package org.seqlab.decode;
