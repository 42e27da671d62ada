package org.seqlab.nn.attention;

import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.reshape;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Linear;

/**
 * Luong's general score: {@code score(q, k_s) = q^T W_a k_s}, with {@code Wa.weight (Hq, Hk)} (an
 * {@code nn.Linear(Hk, Hq, bias=False)}, so {@code Wa(k) = W_a k}). Computed as {@code (q^T W_a) . k_s}: the
 * query is projected once instead of every key.
 */
public final class GeneralAttention extends Seq2SeqAttention {
    private final Linear wa;

    public GeneralAttention(long queryDim, long keyDim, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.wa = child("Wa", new Linear(keyDim, queryDim, false, dtype, rng));
    }

    @Override
    public long queryDim() {
        return wa.outFeatures();
    }

    @Override
    public long keyDim() {
        return wa.inFeatures();
    }

    @Override
    protected Tensor score(Tensor query, Tensor keys) {
        Tensor projected;
        try (Scope s = Scope.push("Wa")) {
            projected = matmul(query, wa.weight().get());                   // (B, Hk)
        }
        return DotAttention.dot(projected, keys);                           // (B, S)
    }

    @Override
    protected Tensor scoreAll(Tensor queries, Tensor keys) {
        long b = queries.size(0);
        long t = queries.size(1);
        Tensor projected;
        try (Scope s = Scope.push("Wa")) {
            projected = matmul(reshape(queries, b * t, queries.size(2)), wa.weight().get());   // (B*T, Hk)
        }
        return DotAttention.dotAll(reshape(projected, b, t, keyDim()), keys);                  // (B, T, S)
    }
}
