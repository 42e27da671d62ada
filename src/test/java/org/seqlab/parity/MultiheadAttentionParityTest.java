package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.attention.AttentionMask;
import org.seqlab.nn.attention.AttentionResult;
import org.seqlab.nn.attention.MultiheadAttention;
import org.seqlab.parity.Parity.Tolerance;

/**
 * {@link MultiheadAttention} against PyTorch's {@code nn.MultiheadAttention(8, 2, batch_first=True)} in eval
 * mode with {@code need_weights=True, average_attn_weights=False}: the output, every head's weights
 * {@code (B, nh, T, S)}, and the gradients of the inputs and of {@code in_proj_weight}, {@code in_proj_bias},
 * {@code out_proj.weight}, {@code out_proj.bias} (all random, biases included, so that every parameter matters).
 *
 * <p>All three in-projection paths of PyTorch's {@code _in_projection_packed} are covered: self-attention
 * (query, key and value one tensor: one matmul), cross-attention over a memory (key and value one tensor: the
 * weight split as {@code [E, 2E]}) and separate key and value (the weight chunked in 3).
 */
class MultiheadAttentionParityTest {
    private static final long E = 8;
    private static final long NH = 2;
    private static final int B = 2;
    private static final int T = 4;
    /** Cross-attention: 3 queries over 5 keys. */
    private static final int TQ = 3;
    private static final int S = 5;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void causalSelfAttentionMatchesPyTorch(DType dtype) {
        selfAttention(dtype, "causal", true, null);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void selfAttentionWithKeyPaddingMatchesPyTorch(DType dtype) {
        selfAttention(dtype, "key padding lengths {4,2}", false, new long[] {4, 2});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void selfAttentionWithCausalAndKeyPaddingMasksMatchesPyTorch(DType dtype) {
        selfAttention(dtype, "causal + key padding lengths {4,2}", true, new long[] {4, 2});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void unmaskedSelfAttentionMatchesPyTorch(DType dtype) {
        selfAttention(dtype, "no mask", false, null);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void crossAttentionOverAPaddedMemoryMatchesPyTorch(DType dtype) {
        // key and value are one tensor, the memory: PyTorch splits in_proj_weight as [E, 2E]
        long[] memoryLengths = {5, 3};
        MultiheadAttention mha = attention(dtype, 202);
        AttentionMask mask = AttentionMask.keyPadding(AttentionMask.paddingFromLengths(memoryLengths, S));
        Parity.of("nn.MultiheadAttention(8, 2) cross-attention (2,3,8) over memory (2,5,8), key padding {5,3}")
                .module(mha)
                .input("query", randn(dtype, 81, 1.0, B, TQ, E))
                .input("memory", randn(dtype, 82, 1.0, B, S, E))
                .tolerance(Tolerance.LAYERS)
                .outputs("attn_output", "attn_output_weights")
                .checkOutputs(x -> results(mha.forward(x[0], x[1], x[1], mask)),
                        (t, w) -> pyTorchMultiheadAttention(t[0], t[1], t[1], w, false, memoryLengths));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void crossAttentionWithSeparateKeysAndValuesMatchesPyTorch(DType dtype) {
        // three tensors: PyTorch chunks in_proj_weight in 3
        long[] keyLengths = {2, 5};
        MultiheadAttention mha = attention(dtype, 203);
        AttentionMask mask = AttentionMask.keyPadding(AttentionMask.paddingFromLengths(keyLengths, S));
        Parity.of("nn.MultiheadAttention(8, 2) query (2,3,8), key and value (2,5,8), key padding {2,5}")
                .module(mha)
                .input("query", randn(dtype, 83, 1.0, B, TQ, E))
                .input("key", randn(dtype, 84, 1.0, B, S, E))
                .input("value", randn(dtype, 85, 1.0, B, S, E))
                .tolerance(Tolerance.LAYERS)
                .outputs("attn_output", "attn_output_weights")
                .checkOutputs(x -> results(mha.forward(x[0], x[1], x[2], mask)),
                        (t, w) -> pyTorchMultiheadAttention(t[0], t[1], t[2], w, false, keyLengths));
    }

    private static void selfAttention(DType dtype, String masks, boolean causal, long[] lengths) {
        MultiheadAttention mha = attention(dtype, 201);
        AttentionMask mask = causal ? AttentionMask.causal() : AttentionMask.none();
        if (lengths != null) {
            mask = mask.withKeyPadding(AttentionMask.paddingFromLengths(lengths, T));
        }
        AttentionMask m = mask;
        Parity.of("nn.MultiheadAttention(8, 2) self-attention (2,4,8), " + masks)
                .module(mha)
                .input("x", randn(dtype, 80, 1.0, B, T, E))
                .tolerance(Tolerance.LAYERS)
                .outputs("attn_output", "attn_output_weights")
                .checkOutputs(x -> results(mha.forward(x[0], m)),
                        (t, w) -> pyTorchMultiheadAttention(t[0], t[0], t[0], w, causal, lengths));
    }

    private static MultiheadAttention attention(DType dtype, long seed) {
        MultiheadAttention mha = new MultiheadAttention(E, NH, 0.0, dtype, new SplittableRandom(seed));
        Parity.randomizeParameters(mha, seed);     // PyTorch initialises both biases to zero
        return mha;
    }

    private static List<Tensor> results(AttentionResult r) {
        return List.of(r.output(), r.weights());
    }

    /** {@code nn.MultiheadAttention(8, 2, batch_first=True).eval()}, {@code need_weights=True}: output and weights. */
    private static List<NDArray> pyTorchMultiheadAttention(NDArray query, NDArray key, NDArray value,
                                                           Map<String, NDArray> w, boolean causal,
                                                           long[] keyLengths) {
        return PyTorchModules.multiheadAttention(query, key, value, w, "", NH, causal, keyLengths, true);
    }
}
