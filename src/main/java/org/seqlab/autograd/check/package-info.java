/**
 * Gradient checking: {@link org.seqlab.autograd.check.GradCheck} (float64 central differences, entry by
 * entry or along random directions) and {@link org.seqlab.autograd.check.GradCase}, one function at one
 * point. May depend on {@code org.seqlab.autograd} only.
 */
package org.seqlab.autograd.check;
