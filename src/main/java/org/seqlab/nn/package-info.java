/**
 * Layers: {@link org.seqlab.nn.Module} with named parameters in PyTorch {@code state_dict} naming and
 * layout, {@link org.seqlab.nn.Linear}, {@link org.seqlab.nn.Embedding}, {@link org.seqlab.nn.LayerNorm},
 * {@link org.seqlab.nn.Dropout}, {@link org.seqlab.nn.FeedForward}; sub-packages for recurrent layers,
 * attention, the Transformer, the CRF and losses. Initialisation follows PyTorch's default schemes with
 * SeqLab's own seeded generator.
 *
 * <p>May depend on {@code org.seqlab.autograd} only: every computation goes through the ops, so the tape
 * sees it.
 */
package org.seqlab.nn;
