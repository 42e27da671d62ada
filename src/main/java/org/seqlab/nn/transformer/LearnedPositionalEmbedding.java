package org.seqlab.nn.transformer;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.slice;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;

/**
 * Learned absolute positions (BERT, GPT): a table {@code weight (maxLen, d)}, the state_dict layout of an
 * {@code nn.Embedding(maxLen, d)} (GPT-2's {@code wpe}), whose row {@code pos} is added to the embedding at
 * position {@code pos}. Initialised N(0, 1) like {@code nn.Embedding}, or N(0, std^2) (GPT-2 uses 0.02).
 * Rows are taken by slicing, so a sequence of length T reads and trains rows {@code 0..T-1}.
 */
public final class LearnedPositionalEmbedding extends Module {
    private final long maxLen;
    private final long dim;
    private final Parameter weight;

    public LearnedPositionalEmbedding(long maxLen, long dim, DType dtype, SplittableRandom rng) {
        this(maxLen, dim, 1.0, dtype, rng);
    }

    public LearnedPositionalEmbedding(long maxLen, long dim, double std, DType dtype, SplittableRandom rng) {
        super(dtype);
        if (maxLen <= 0 || dim <= 0) {
            throw new IllegalArgumentException("positional embedding needs positive sizes; found maxLen " + maxLen
                    + ", dim " + dim);
        }
        this.maxLen = maxLen;
        this.dim = dim;
        this.weight = parameter("weight", normal(rng, std, maxLen, dim));
    }

    public long maxLength() {
        return maxLen;
    }

    public Parameter weight() {
        return weight;
    }

    /** {@code x (..., T, d)} plus rows {@code 0..T-1} of the table. */
    public Tensor forward(Tensor x) {
        try (Scope s = enter()) {
            long t = Positions.length(x, maxLen, dim, "Learned positional embedding");
            Tensor pe;
            try (Scope p = Scope.push("pe")) {
                pe = slice(weight.get(), 0, 0, t);                          // (T, d)
            }
            return add(x, pe);
        }
    }
}
