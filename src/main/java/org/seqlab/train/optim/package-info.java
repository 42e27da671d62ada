/**
 * Optimizers (SGD with momentum and Nesterov, Adam, AdamW), learning-rate schedules (constant, step, cosine
 * with warm-up, Noam) and gradient clipping (by global norm, by value), with PyTorch's formulas. The in-place
 * arithmetic is {@link org.seqlab.autograd.Updates}; here are the algorithms and their state.
 *
 * <p>May depend on {@code autograd} (and the root package).
 */
package org.seqlab.train.optim;
