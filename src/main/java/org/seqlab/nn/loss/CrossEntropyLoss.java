package org.seqlab.nn.loss;

import org.seqlab.SeqLabException;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.CrossEntropy;
import org.seqlab.autograd.ops.F;

/**
 * PyTorch's {@code nn.CrossEntropyLoss(ignore_index, label_smoothing, reduction)} over logits with the
 * classes last ({@code (..., C)}) and int64 targets ({@code (...)}):
 * {@code loss_i = (1 - eps) * -log p[t_i] + eps * mean_c(-log p[c])}, averaged over (or summed over) the
 * targets that are not {@code ignoreIndex}.
 *
 * @param ignoreIndex targets equal to it contribute nothing (PyTorch's default: -100)
 * @param labelSmoothing eps in [0, 1]
 * @param reduction mean over the targets not ignored, or sum
 */
public record CrossEntropyLoss(long ignoreIndex, double labelSmoothing, CrossEntropy.Reduction reduction) {
    /** PyTorch's default {@code ignore_index}. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    public CrossEntropyLoss {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new SeqLabException("Label smoothing must be in [0, 1]; found " + labelSmoothing
                    + ". Use 0 for none; 0.1 is the usual choice.");
        }
        if (reduction == null) {
            throw new SeqLabException("CrossEntropyLoss needs a reduction (MEAN or SUM); found none.");
        }
    }

    /** PyTorch's defaults: ignore index -100, no label smoothing, mean. */
    public static CrossEntropyLoss standard() {
        return new CrossEntropyLoss(DEFAULT_IGNORE_INDEX, 0.0, CrossEntropy.Reduction.MEAN);
    }

    public CrossEntropyLoss withIgnoreIndex(long index) {
        return new CrossEntropyLoss(index, labelSmoothing, reduction);
    }

    public CrossEntropyLoss withLabelSmoothing(double eps) {
        return new CrossEntropyLoss(ignoreIndex, eps, reduction);
    }

    public CrossEntropyLoss withReduction(CrossEntropy.Reduction r) {
        return new CrossEntropyLoss(ignoreIndex, labelSmoothing, r);
    }

    /**
     * The loss of {@code logits (..., C)} against {@code targets (...)}, a scalar. With MEAN and every target
     * ignored the result is NaN, as in PyTorch.
     */
    public Tensor apply(Tensor logits, Tensor targets) {
        Targets.check("CrossEntropyLoss", logits, targets, ignoreIndex);
        try (Scope s = Scope.push("loss")) {
            return F.crossEntropy(logits, targets, ignoreIndex, labelSmoothing, reduction);
        }
    }
}
