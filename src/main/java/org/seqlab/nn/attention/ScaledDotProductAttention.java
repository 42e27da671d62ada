package org.seqlab.nn.attention;

import static org.seqlab.autograd.ops.F.maskedFill;
import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.softmax;
import static org.seqlab.autograd.ops.F.transpose;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Module;

/**
 * {@code softmax(Q K^T / sqrt(d) + mask) V} (Vaswani et al. 2017, eq. 1), over any leading batch dimensions:
 * {@code q (..., T, d)}, {@code k (..., S, d)}, {@code v (..., S, dv)}; all heads of a multi-head attention
 * go through one matmul as {@code (B, nh, T, hs)}.
 *
 * <p>Each step is its own labelled trace event under this module's scope (its registered name; {@code attn}
 * inside {@link MultiheadAttention}):
 * <pre>
 *   ...           k^T, the transposed keys   (..., d, S)
 *   .../scores    q k^T                      (..., T, S)
 *   .../scaled    scores / sqrt(d)
 *   .../masked    scaled with -inf where masked   (only when a mask is given)
 *   .../weights   softmax over the keys      (what the attention panel shows)
 *   .../dropout   dropout on the weights     (training with p > 0 only)
 *   .../context   weights v                  (..., T, dv)
 * </pre>
 * A query whose every key is masked is refused with an {@link AttentionMaskException} instead of the NaN
 * row PyTorch produces. Has no parameters.
 */
public final class ScaledDotProductAttention extends Module {
    private final Dropout dropout;

    /** With dropout {@code p} on the attention weights (active in training mode only). */
    public ScaledDotProductAttention(double dropout, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.dropout = child("dropout", new Dropout(dropout, rng.nextLong(), dtype));
    }

    /** Without dropout. */
    public ScaledDotProductAttention(DType dtype) {
        this(0.0, dtype, new SplittableRandom(0));
    }

    public double dropoutProbability() {
        return dropout.p();
    }

    /**
     * Attends {@code q} over {@code k}/{@code v}. {@code mask} (or null) broadcasts to {@code (..., T, S)};
     * non-zero = masked. Returns the context {@code (..., T, dv)} and the weights {@code (..., T, S)}
     * (before dropout).
     */
    public AttentionResult forward(Tensor q, Tensor k, Tensor v, Tensor mask) {
        try (Scope s = enter()) {
            checkShapes(q, k, v);
            if (mask != null) {
                Masks.requireVisibleKeys(mask, maskDims(mask.rank()));
            }
            double scale = 1.0 / Math.sqrt(q.size(-1));
            Tensor kt = transpose(k, -2, -1);                           // (..., d, S)
            Tensor scores;
            try (Scope l = Scope.push("scores")) {
                scores = matmul(q, kt);                                 // (..., T, S)
            }
            Tensor att;
            try (Scope l = Scope.push("scaled")) {
                att = mul(scores, scale);
            }
            if (mask != null) {
                try (Scope l = Scope.push("masked")) {
                    att = maskedFill(att, mask, Double.NEGATIVE_INFINITY);
                }
            }
            Tensor weights;
            try (Scope l = Scope.push("weights")) {
                weights = softmax(att, -1);
            }
            Tensor dropped = dropout.forward(weights);
            Tensor context;
            try (Scope l = Scope.push("context")) {
                context = matmul(dropped, v);                           // (..., T, dv)
            }
            return new AttentionResult(context, weights);
        }
    }

    /** Names of a mask's leading dimensions for messages: the last one runs over the queries. */
    private static String[] maskDims(int rank) {
        if (rank == 4) {
            return new String[] {"batch", "head", "query"};
        }
        String[] names = new String[Math.max(rank - 1, 0)];
        for (int d = 0; d < names.length; d++) {
            names[d] = d == names.length - 1 ? "query" : d == 0 ? "batch" : "dim " + d;
        }
        return names;
    }

    private static void checkShapes(Tensor q, Tensor k, Tensor v) {
        if (q.rank() < 2 || k.rank() < 2 || v.rank() < 2) {
            throw new ShapeException(where() + ": q, k and v need at least 2 dimensions (..., length, features); found "
                    + q.shape() + ", " + k.shape() + ", " + v.shape() + ".");
        }
        if (q.size(-1) != k.size(-1)) {
            throw new ShapeException(where() + ": queries and keys must have the same feature size; found q "
                    + q.shape() + " and k " + k.shape() + ". Project both to the same size before attending.");
        }
        if (k.size(-2) != v.size(-2)) {
            throw new ShapeException(where() + ": keys and values must come in the same number; found k " + k.shape()
                    + " and v " + v.shape() + ". Pass one value per key (often the same sequence).");
        }
    }

    private static String where() {
        String w = Scope.current();
        return "Scaled dot-product attention" + (w.isEmpty() ? "" : " at " + w);
    }
}
