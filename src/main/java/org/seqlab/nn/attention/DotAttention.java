package org.seqlab.nn.attention;

import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.transpose;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;

/** Luong's dot score: {@code score(q, k_s) = q . k_s}. No parameters; query and keys share their size. */
public final class DotAttention extends Seq2SeqAttention {
    private final long dim;

    public DotAttention(long dim, DType dtype) {
        super(dtype);
        this.dim = dim;
    }

    @Override
    public long queryDim() {
        return dim;
    }

    @Override
    public long keyDim() {
        return dim;
    }

    @Override
    protected Tensor score(Tensor query, Tensor keys) {
        return dot(query, keys);
    }

    @Override
    protected Tensor scoreAll(Tensor queries, Tensor keys) {
        return dotAll(queries, keys);
    }

    /** Every query of {@code queries (B, T, H)} against {@code keys (B, S, H)}: {@code (B, T, S)}, one product. */
    static Tensor dotAll(Tensor queries, Tensor keys) {
        return matmul(queries, transpose(keys, 1, 2));                      // (B, T, S)
    }

    /** {@code q (B, H)} against {@code keys (B, S, H)}: {@code (B, S)}. */
    static Tensor dot(Tensor query, Tensor keys) {
        long b = keys.size(0);
        Tensor s = matmul(keys, reshape(query, b, query.size(1), 1));        // (B, S, 1)
        return reshape(s, b, keys.size(1));                                 // (B, S)
    }
}
