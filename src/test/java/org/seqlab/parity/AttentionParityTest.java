package org.seqlab.parity;

import static org.seqlab.autograd.ops.F.causalMask;
import static org.seqlab.autograd.ops.F.div;
import static org.seqlab.autograd.ops.F.maskedFill;
import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.softmax;
import static org.seqlab.autograd.ops.F.transpose;
import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;

/** Causal scaled-dot-product attention, composed from ops, against the same composition in PyTorch. */
class AttentionParityTest {
    private static final int B = 2;
    private static final int H = 2;
    private static final int T = 5;
    private static final int D = 4;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void causalScaledDotProductAttentionMatchesPyTorchWithGradientsForQueriesKeysAndValues(DType dtype) {
        Parity.of("causal attention softmax(masked_fill(QK^T/sqrt(d), causal, -inf)) V, Q,K,V (2,2,5,4)")
                .input(randn(dtype, 61, 1.0, B, H, T, D))
                .input(randn(dtype, 62, 1.0, B, H, T, D))
                .input(randn(dtype, 63, 1.0, B, H, T, D))
                .check(x -> seqLabAttention(x[0], x[1], x[2]), t -> pyTorchAttention(t[0], t[1], t[2]));
    }

    static Tensor seqLabAttention(Tensor q, Tensor k, Tensor v) {
        Tensor scores = div(matmul(q, transpose(k, -2, -1)), Math.sqrt(D));          // (B, h, T, T)
        Tensor masked = maskedFill(scores, causalMask(q.dtype(), T), Double.NEGATIVE_INFINITY);
        return matmul(softmax(masked, -1), v);                                       // (B, h, T, d)
    }

    /**
     * The same in PyTorch: {@code softmax((q @ k.transpose(-2,-1) / sqrt(d)).masked_fill(mask, -inf), -1) @ v}
     * with {@code mask = triu(ones(T,T), 1).bool()}, the mask built here independently of SeqLab's.
     * DJL has no masked_fill, so it is written as {@code where(mask, -inf, scores)}: the same value and the
     * same gradient (zero where masked).
     */
    static NDArray pyTorchAttention(NDArray q, NDArray k, NDArray v) {
        NDManager m = q.getManager();
        boolean[] above = new boolean[T * T];
        for (int i = 0; i < T; i++) {
            for (int j = i + 1; j < T; j++) {
                above[i * T + j] = true;
            }
        }
        NDArray mask = m.create(above, new Shape(T, T));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        scores = scores.div(Parity.scalar(scores, Math.sqrt(D)));
        // DJL's where refuses to broadcast, so the mask and the fill are expanded to (B, h, T, T) first
        NDArray minusInf = m.full(scores.getShape(), Float.NEGATIVE_INFINITY, q.getDataType());
        NDArray masked = NDArrays.where(mask.broadcast(scores.getShape()), minusInf, scores);
        return masked.softmax(-1).matMul(v);
    }
}
