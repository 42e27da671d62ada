package org.seqlab.train.optim;

import java.util.Collection;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;

/**
 * Gradient clipping before the update: none; by global norm as PyTorch's {@code clip_grad_norm_} (all gradients
 * scaled by {@code max / (norm + 1e-6)} when their joint L2 norm exceeds {@code max}); or by value as
 * {@code clip_grad_value_} (each element clamped into {@code [−max, max]}).
 *
 * @param mode how
 * @param threshold the max norm or the max absolute value
 */
public record Clipping(Mode mode, double threshold) {

    /** The kinds of clipping. */
    public enum Mode { NONE, GLOBAL_NORM, VALUE }

    /**
     * What clipping did in one step.
     *
     * @param normBefore the global L2 norm of the gradients before clipping
     * @param normAfter after it
     * @param clipped whether any gradient changed
     */
    public record Result(double normBefore, double normAfter, boolean clipped) {
    }

    public Clipping {
        if (mode != Mode.NONE && !(threshold > 0)) {
            throw new IllegalArgumentException("A clipping threshold must be > 0; found " + threshold);
        }
    }

    public static Clipping none() {
        return new Clipping(Mode.NONE, 0);
    }

    public static Clipping globalNorm(double maxNorm) {
        return new Clipping(Mode.GLOBAL_NORM, maxNorm);
    }

    public static Clipping value(double maxAbs) {
        return new Clipping(Mode.VALUE, maxAbs);
    }

    /** Clips the gradients of {@code params} in place; returns the norms before and after. */
    public Result apply(Collection<Tensor> params) {
        double before = Math.sqrt(Updates.gradSquaredSum(params));
        switch (mode) {
            case GLOBAL_NORM -> {
                double coeff = threshold / (before + 1e-6);
                if (coeff < 1) {
                    Updates.scaleGrads(params, coeff);
                    return new Result(before, Math.sqrt(Updates.gradSquaredSum(params)), true);
                }
                return new Result(before, before, false);
            }
            case VALUE -> {
                Updates.clampGrads(params, threshold);
                double after = Math.sqrt(Updates.gradSquaredSum(params));
                return new Result(before, after, after != before);
            }
            default -> {
                return new Result(before, before, false);
            }
        }
    }
}
