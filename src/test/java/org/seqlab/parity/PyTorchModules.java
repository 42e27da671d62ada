package org.seqlab.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch side of the layer parity tests: {@code torch.nn} modules composed from DJL ops and PyTorch's own
 * kernels exactly as PyTorch 2.7's Python source defines them, reading parameters by {@code state_dict} name from
 * the map {@link Parity#checkOutputs} hands over. A name prefix ({@code "self_attn."}, {@code "layers.0."}) picks a
 * submodule's parameters. Shared so that every layer test composes multi-head attention, LayerNorm and Linear the
 * same way.
 */
final class PyTorchModules {
    private PyTorchModules() {
    }

    /** {@code nn.Linear}: {@code F.linear(x, weight, bias)}, PyTorch's kernel. */
    static NDArray linear(NDArray x, Map<String, NDArray> w, String name) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) param(w, name + ".weight"),
                (PtNDArray) w.get(name + ".bias"));
    }

    /** {@code nn.LayerNorm}: {@code F.layer_norm(x, weight.shape, weight, bias, eps)}, PyTorch's kernel. */
    static NDArray layerNorm(NDArray x, Map<String, NDArray> w, String name, double eps) {
        NDArray weight = param(w, name + ".weight");
        return JniUtils.layerNorm((PtNDArray) x, weight.getShape(), (PtNDArray) weight,
                (PtNDArray) param(w, name + ".bias"), eps);
    }

    /**
     * {@code nn.MultiheadAttention(E, numHeads, batch_first=True).eval()(query, key, value, key_padding_mask,
     * need_weights, attn_mask, average_attn_weights=False)}, composed from DJL ops exactly as PyTorch 2.7's
     * {@code torch.nn.functional.multi_head_attention_forward} defines it: DJL exposes no
     * {@code multi_head_attention_forward}. In-projection by {@code _in_projection_packed} (which path depends on
     * which inputs are the same tensor, as PyTorch's {@code is} tests), reshape to heads as
     * {@code (B*nh, len, hd)}, boolean masks turned into additive 0 / -inf masks and merged by addition, then:
     * <ul>
     *   <li>{@code need_weights=True} (what {@code nn.MultiheadAttention} does by default):
     *       {@code softmax(baddbmm(attn_mask, q * sqrt(1/hd), k^T))}, {@code bmm} with v; returns the output and
     *       every head's weights {@code (B, nh, T, S)}.</li>
     *   <li>{@code need_weights=False} (what {@code nn.TransformerEncoderLayer} and {@code nn.TransformerDecoderLayer}
     *       ask for): q, k, v viewed as {@code (B, nh, len, hd)}, the mask as {@code (B, nh, T, S)} (or
     *       {@code (1, 1, T, S)}), and {@code F.scaled_dot_product_attention(q, k, v, attn_mask)}. DJL does not
     *       expose SDPA either, so it is composed as its documented reference,
     *       {@code softmax(q k^T * (1/sqrt(hd)) + attn_mask) v}; on CPU PyTorch dispatches it to a fused kernel
     *       that computes the same up to rounding. Returns the output only.</li>
     * </ul>
     * Then {@code out_proj} (PyTorch's {@code F.linear}) and back to batch first.
     *
     * @param w parameters by {@code state_dict} name; {@code prefix + "in_proj_weight"} and so on
     * @param causal whether {@code attn_mask} is the causal {@code (T, S)} mask
     * @param keyLengths the key padding mask as lengths ({@code True} at {@code s >= lengths[b]}), or null
     */
    static List<NDArray> multiheadAttention(NDArray query, NDArray key, NDArray value, Map<String, NDArray> w,
                                            String prefix, long numHeads, boolean causal, long[] keyLengths,
                                            boolean needWeights) {
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
        long headDim = embedDim / numHeads;

        // _in_projection_packed(q, k, v, in_proj_weight, in_proj_bias)
        NDArray wIn = param(w, prefix + "in_proj_weight");
        NDArray bIn = param(w, prefix + "in_proj_bias");
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
                    .reshape(bsz, 1, 1, srcLen).broadcast(bsz, numHeads, 1, srcLen)
                    .reshape(bsz * numHeads, 1, srcLen);
            attnMask = attnMask == null ? kpm : attnMask.add(kpm);
        }

        // q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1), and k, v likewise
        NDArray qh = qp.reshape(tgtLen, bsz * numHeads, headDim).transpose(1, 0, 2);  // (B*nh, T, hd)
        NDArray kh = kp.reshape(srcLen, bsz * numHeads, headDim).transpose(1, 0, 2);  // (B*nh, S, hd)
        NDArray vh = vp.reshape(srcLen, bsz * numHeads, headDim).transpose(1, 0, 2);  // (B*nh, S, hd)

        NDArray out;
        NDArray weights = null;
        if (needWeights) {
            // q_scaled = q * sqrt(1/E_head); baddbmm(attn_mask, q_scaled, k^T) = attn_mask + q_scaled k^T
            NDArray qScaled = qh.mul(Parity.scalar(qh, Math.sqrt(1.0 / headDim)));
            NDArray scores = qScaled.matMul(kh.transpose(0, 2, 1));                    // (B*nh, T, S)
            if (attnMask != null) {
                scores = attnMask.add(scores);
            }
            weights = scores.softmax(-1);
            out = weights.matMul(vh);                                                  // (B*nh, T, hd)
            out = out.transpose(1, 0, 2).reshape(tgtLen * bsz, embedDim);             // (T*B, E)
        } else {
            // attn_mask (1, T, S) -> unsqueeze(0); (B*nh, T, S) -> view(bsz, num_heads, -1, src_len)
            if (attnMask != null) {
                attnMask = attnMask.getShape().get(0) == 1 ? attnMask.expandDims(0)
                        : attnMask.reshape(bsz, numHeads, -1, srcLen);
            }
            NDArray q4 = qh.reshape(bsz, numHeads, tgtLen, headDim);                  // (B, nh, T, hd)
            NDArray k4 = kh.reshape(bsz, numHeads, srcLen, headDim);                  // (B, nh, S, hd)
            NDArray v4 = vh.reshape(bsz, numHeads, srcLen, headDim);
            out = scaledDotProductAttention(q4, k4, v4, attnMask);                     // (B, nh, T, hd)
            out = out.transpose(2, 0, 1, 3).reshape(bsz * tgtLen, embedDim);          // permute(2, 0, 1, 3)
        }
        out = linear(out, param(w, prefix + "out_proj.weight"), param(w, prefix + "out_proj.bias"));
        out = out.reshape(tgtLen, bsz, embedDim).transpose(1, 0, 2);                  // (B, T, E), batch_first
        return needWeights ? List.of(out, weights.reshape(bsz, numHeads, tgtLen, srcLen))    // (B, nh, T, S)
                : List.of(out);
    }

    /**
     * {@code F.scaled_dot_product_attention(q, k, v, attn_mask)} without dropout or {@code is_causal}, as its
     * documentation's reference: {@code attn_weight = q @ k^T * scale_factor; attn_weight += attn_bias;
     * softmax(attn_weight, -1) @ v} with {@code scale_factor = 1 / sqrt(hd)}.
     */
    private static NDArray scaledDotProductAttention(NDArray q, NDArray k, NDArray v, NDArray attnMask) {
        long hd = q.getShape().tail();
        NDArray attnWeight = q.matMul(k.transpose(0, 1, 3, 2));
        attnWeight = attnWeight.mul(Parity.scalar(attnWeight, 1 / Math.sqrt(hd))); // (B, nh, T, S)
        if (attnMask != null) {
            attnWeight = attnWeight.add(attnMask);
        }
        return attnWeight.softmax(-1).matMul(v);                                       // (B, nh, T, hd)
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }

    private static NDArray param(Map<String, NDArray> w, String name) {
        NDArray p = w.get(name);
        if (p == null) {
            throw new AssertionError("no parameter '" + name + "' among " + Arrays.toString(w.keySet().toArray()));
        }
        return p;
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
