package org.seqlab.nn;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/**
 * PyTorch's {@code nn.Embedding}: {@code weight (vocab, dim)} initialised N(0, 1); the padding row, if
 * any, starts at zero and receives no gradient.
 */
public final class Embedding extends Module {
    private final long vocab;
    private final long dim;
    private final long paddingIdx;
    private final Parameter weight;

    /** {@code paddingIdx < 0}: no padding row. */
    public Embedding(long vocab, long dim, long paddingIdx, DType dtype, SplittableRandom rng) {
        super(dtype);
        if (paddingIdx >= vocab) {
            throw new IllegalArgumentException("padding index " + paddingIdx + " is outside the vocabulary of " + vocab);
        }
        this.vocab = vocab;
        this.dim = dim;
        this.paddingIdx = paddingIdx;
        Tensor w = normal(rng, 1.0, vocab, dim);
        if (paddingIdx >= 0) {
            double[] v = w.toDoubleArray();
            java.util.Arrays.fill(v, (int) (paddingIdx * dim), (int) ((paddingIdx + 1) * dim), 0.0);
            w = Tensor.of(dtype, v, vocab, dim);
        }
        this.weight = parameter("weight", w);
    }

    public long vocabularySize() {
        return vocab;
    }

    public long dim() {
        return dim;
    }

    public Parameter weight() {
        return weight;
    }

    /** int64 ids of any shape to {@code ids.shape + (dim)}. */
    public Tensor forward(Tensor ids) {
        try (Scope s = enter()) {
            return paddingIdx >= 0 ? F.embedding(weight.get(), ids, paddingIdx) : F.embedding(weight.get(), ids);
        }
    }
}
