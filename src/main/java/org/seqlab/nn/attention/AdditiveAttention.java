package org.seqlab.nn.attention;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.tanh;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Linear;

/**
 * Bahdanau's additive attention: {@code score(q, k_s) = v^T tanh(W q + U k_s)}. Parameters are named as
 * in the PyTorch seq2seq tutorial's {@code BahdanauAttention}: {@code Wa} ({@code Linear(Hq, A)}), {@code Ua}
 * ({@code Linear(Hk, A)}), {@code Va} ({@code Linear(A, 1)}, no bias), each with nn.Linear's init.
 * With {@code bias}, {@code Wa} and {@code Ua} carry biases as in that tutorial; {@code Va} never does: it
 * would shift every score by the same amount, which the softmax cancels, so it could never learn.
 */
public final class AdditiveAttention extends Seq2SeqAttention {
    private final Linear wa;
    private final Linear ua;
    private final Linear va;
    private final long attnDim;

    /**
     * @param queryDim the decoder state size Hq
     * @param keyDim the encoder output size Hk
     * @param attnDim the size A of the hidden layer the scores come from
     */
    public AdditiveAttention(long queryDim, long keyDim, long attnDim, boolean bias, DType dtype,
                             SplittableRandom rng) {
        super(dtype);
        this.attnDim = attnDim;
        this.wa = child("Wa", new Linear(queryDim, attnDim, bias, dtype, rng));
        this.ua = child("Ua", new Linear(keyDim, attnDim, bias, dtype, rng));
        this.va = child("Va", new Linear(attnDim, 1, false, dtype, rng));
    }

    @Override
    public long queryDim() {
        return wa.inFeatures();
    }

    @Override
    public long keyDim() {
        return ua.inFeatures();
    }

    @Override
    protected Tensor score(Tensor query, Tensor keys) {
        long b = keys.size(0);
        long srcLen = keys.size(1);
        Tensor wq = reshape(wa.forward(query), b, 1, attnDim);            // (B, 1, A)
        Tensor uk = ua.forward(keys);                                       // (B, S, A)
        Tensor hidden;
        try (Scope s = Scope.push("tanh")) {
            hidden = tanh(add(wq, uk));                                     // (B, S, A)
        }
        return reshape(va.forward(hidden), b, srcLen);                      // (B, S)
    }
}
