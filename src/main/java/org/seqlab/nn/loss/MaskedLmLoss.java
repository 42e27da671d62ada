package org.seqlab.nn.loss;

import org.seqlab.SeqLabException;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.CrossEntropy;
import org.seqlab.autograd.ops.F;

/**
 * BERT's masked-language-model loss: cross-entropy of the vocabulary logits {@code (B, T, V)} against the
 * labels {@code (B, T)}, which hold the original token id at the masked positions and {@link #IGNORE_INDEX}
 * everywhere else, averaged over the masked positions only (as Hugging Face's {@code BertForMaskedLM}:
 * {@code CrossEntropyLoss()(logits.view(-1, V), labels.view(-1))}).
 */
public final class MaskedLmLoss {
    /** The label of a position that was not masked: it is not predicted. */
    public static final long IGNORE_INDEX = -100;

    private MaskedLmLoss() {
    }

    /**
     * The mean cross-entropy over the masked positions, a scalar.
     *
     * @throws SeqLabException when no position is masked: PyTorch would return NaN (0 / 0), which would
     *     silently poison the weights; the batch has nothing to learn from and masking should pick at least
     *     one token
     */
    public static Tensor apply(Tensor logits, Tensor labels) {
        if (logits.rank() != 3) {
            throw new ShapeException("MaskedLmLoss: logits must be (B, T, V), one score per vocabulary entry at "
                    + "every position; found " + logits.shape() + ". Apply the MLM head to the encoder's (B, T, d) "
                    + "output.");
        }
        if (labels.rank() != 2 || labels.size(0) != logits.size(0) || labels.size(1) != logits.size(1)) {
            throw new ShapeException("MaskedLmLoss: labels must be (B, T) = (" + logits.size(0) + ", "
                    + logits.size(1) + ") like the logits " + logits.shape() + "; found " + labels.shape()
                    + ". Give the original token id at masked positions and " + IGNORE_INDEX + " elsewhere.");
        }
        long masked = Targets.check("MaskedLmLoss", logits, labels, IGNORE_INDEX);
        if (masked == 0) {
            throw new SeqLabException("MaskedLmLoss: no position of the labels " + labels.shape()
                    + " is masked (every label is " + IGNORE_INDEX + "), so there is nothing to predict and the mean "
                    + "would be 0/0. Mask at least one token per batch (BERT masks 15% of the tokens).");
        }
        try (Scope s = Scope.push("loss")) {
            return F.crossEntropy(logits, labels, IGNORE_INDEX, 0.0, CrossEntropy.Reduction.MEAN);
        }
    }
}
