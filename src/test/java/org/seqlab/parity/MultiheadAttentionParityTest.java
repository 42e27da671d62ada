package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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

    /**
     * {@code nn.MultiheadAttention(E, nh, batch_first=True).eval()(query, key, value, key_padding_mask,
     * need_weights=True, attn_mask, average_attn_weights=False)}, composed from DJL ops exactly as PyTorch 2.7's
     * {@code torch.nn.functional.multi_head_attention_forward} defines it: DJL exposes no
     * {@code multi_head_attention_forward}. In-projection by {@code _in_projection_packed} (which path depends on
     * which inputs are the same tensor, as PyTorch's {@code is} tests), reshape to heads as
     * {@code (B*nh, len, hd)}, boolean masks turned into additive 0 / -inf masks and merged by addition, then
     * {@code softmax(baddbmm(attn_mask, q * sqrt(1/hd), k^T))}, {@code bmm} with v, {@code out_proj}. Linear
     * layers are PyTorch's own kernel ({@code F.linear}).
     *
     * @param causal whether {@code attn_mask} is the causal {@code (T, S)} mask
     * @param keyLengths the key padding mask as lengths ({@code True} at {@code s >= lengths[b]}), or null
     */
    static List<NDArray> pyTorchMultiheadAttention(NDArray query, NDArray key, NDArray value,
                                                   Map<String, NDArray> w, boolean causal, long[] keyLengths) {
        boolean keyIsValue = key == value;
        boolean queryIsKey = query == key;
        // nn.MultiheadAttention.forward with batch_first: (N, L, E) -> (L, N, E), transposing shared tensors once
        NDArray q = query.transpose(1, 0, 2);                                          // (T, B, E)
        NDArray k = queryIsKey && keyIsValue ? q : key.transpose(1, 0, 2);             // (S, B, E)
        NDArray v = keyIsValue ? k : value.transpose(1, 0, 2);                         // (S, B, E)
        long tgtLen = q.getShape().get(0);
        long bsz = q.getShape().get(1);
        long embedDim = q.getShape().get(2);
        long srcLen = k.getShape().get(0);
        long headDim = embedDim / NH;

        // _in_projection_packed(q, k, v, in_proj_weight, in_proj_bias)
        NDArray wIn = w.get("in_proj_weight");
        NDArray bIn = w.get("in_proj_bias");
        NDArray qp;
        NDArray kp;
        NDArray vp;
        if (keyIsValue && queryIsKey) {
            NDArray proj = linear(q, wIn, bIn);                                        // (T, B, 3E)
            // proj.unflatten(-1, (3, E)).unsqueeze(0).transpose(0, -2).squeeze(-2)
            proj = proj.reshape(tgtLen, bsz, 3, embedDim).expandDims(0)                // (1, T, B, 3, E)
                    .swapAxes(0, 3).squeeze(3);                                        // (3, T, B, E)
            qp = proj.get(0);
            kp = proj.get(1);
            vp = proj.get(2);
        } else if (keyIsValue) {
            NDList ws = wIn.split(new long[] {embedDim}, 0);                           // w.split([E, 2E])
            NDList bs = bIn.split(new long[] {embedDim}, 0);
            qp = linear(q, ws.get(0), bs.get(0));                                      // (T, B, E)
            NDArray kv = linear(k, ws.get(1), bs.get(1));                              // (S, B, 2E)
            kv = kv.reshape(srcLen, bsz, 2, embedDim).expandDims(0)                    // (1, S, B, 2, E)
                    .swapAxes(0, 3).squeeze(3);                                        // (2, S, B, E)
            kp = kv.get(0);
            vp = kv.get(1);
        } else {
            NDList ws = wIn.split(3, 0);                                               // w.chunk(3)
            NDList bs = bIn.split(3, 0);
            qp = linear(q, ws.get(0), bs.get(0));
            kp = linear(k, ws.get(1), bs.get(1));
            vp = linear(v, ws.get(2), bs.get(2));
        }

        // attn_mask (T, S) -> (1, T, S); key_padding_mask (B, S) -> (B*nh, 1, S); merged by addition
        NDManager m = query.getManager();
        DataType type = query.getDataType();
        NDArray attnMask = causal ? causalMask(m, tgtLen, srcLen, type).expandDims(0) : null;
        if (keyLengths != null) {
            NDArray kpm = paddingMask(m, keyLengths, srcLen, type)
                    .reshape(bsz, 1, 1, srcLen).broadcast(bsz, NH, 1, srcLen)
                    .reshape(bsz * NH, 1, srcLen);
            attnMask = attnMask == null ? kpm : attnMask.add(kpm);
        }

        // q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1), and k, v likewise
        NDArray qh = qp.reshape(tgtLen, bsz * NH, headDim).transpose(1, 0, 2);        // (B*nh, T, hd)
        NDArray kh = kp.reshape(srcLen, bsz * NH, headDim).transpose(1, 0, 2);        // (B*nh, S, hd)
        NDArray vh = vp.reshape(srcLen, bsz * NH, headDim).transpose(1, 0, 2);        // (B*nh, S, hd)

        // need_weights=True: q_scaled = q * sqrt(1/E_head); baddbmm(attn_mask, q_scaled, k^T) = attn_mask + q_scaled k^T
        NDArray qScaled = qh.mul(Parity.scalar(qh, Math.sqrt(1.0 / headDim)));
        NDArray scores = qScaled.matMul(kh.transpose(0, 2, 1));                        // (B*nh, T, S)
        if (attnMask != null) {
            scores = attnMask.add(scores);
        }
        NDArray weights = scores.softmax(-1);
        NDArray out = weights.matMul(vh);                                              // (B*nh, T, hd)
        out = out.transpose(1, 0, 2).reshape(tgtLen * bsz, embedDim);                 // (T*B, E)
        out = linear(out, w.get("out_proj.weight"), w.get("out_proj.bias"));
        out = out.reshape(tgtLen, bsz, embedDim);                                      // (T, B, E)
        return List.of(out.transpose(1, 0, 2),                                         // (B, T, E), batch_first
                weights.reshape(bsz, NH, tgtLen, srcLen));                             // (B, nh, T, S)
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }

    /** {@code triu(full((T, S), -inf), diagonal=1)}: query t may not see keys after t. */
    private static NDArray causalMask(NDManager m, long t, long s, DataType type) {
        double[] v = new double[Math.toIntExact(t * s)];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < s; j++) {
                v[(int) (i * s + j)] = Double.NEGATIVE_INFINITY;
            }
        }
        return m.create(v, new Shape(t, s)).toType(type, false);
    }

    /** The boolean key padding mask ({@code True} past each length) as PyTorch's canonical float mask. */
    private static NDArray paddingMask(NDManager m, long[] lengths, long s, DataType type) {
        double[] v = new double[Math.toIntExact(lengths.length * s)];
        for (int b = 0; b < lengths.length; b++) {
            for (long j = lengths[b]; j < s; j++) {
                v[(int) (b * s + j)] = Double.NEGATIVE_INFINITY;
            }
        }
        return m.create(v, new Shape(lengths.length, s)).toType(type, false);
    }
}
