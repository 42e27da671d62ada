/**
 * SeqLab's own reverse-mode autodiff over ND4J: {@link org.seqlab.autograd.Tensor}, the
 * {@link org.seqlab.autograd.Tape} that records while open, {@link org.seqlab.autograd.Scope} labels,
 * the {@link org.seqlab.autograd.Trace} of forward and backward events, and non-finite detection.
 * Sub-packages: {@code ops} (one final class per op, the {@code Ops} catalogue, the {@code F} facade)
 * and {@code check} ({@code GradCheck}).
 *
 * <p>May depend on ND4J only (and {@link org.seqlab.SeqLabException}). It is the only package that
 * touches ND4J: everything else computes through {@code Tensor} and the ops, so the tape sees every
 * computation and the backend stays replaceable.
 */
package org.seqlab.autograd;
