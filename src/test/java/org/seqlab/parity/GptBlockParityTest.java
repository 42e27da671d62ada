package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;
import org.seqlab.nn.gpt.GptBlock;
import org.seqlab.nn.gpt.GptBlocks;
import org.seqlab.nn.gpt.GptConfig;
import org.seqlab.parity.Parity.Tolerance;

/**
 * {@link GptBlock} and {@link GptBlocks} against nanoGPT's {@code Block} (karpathy/nanoGPT, model.py), composed
 * on the PyTorch side from DJL ops and PyTorch's own kernels: {@code x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))}
 * with {@code F.layer_norm} (eps 1e-5), {@code F.linear}, causal softmax attention and exact {@code F.gelu}.
 * Config {@code n_embd=8, n_head=2, bias=True, dropout=0}, input (B, T, C) = (2, 5, 8); output and the gradients of
 * the input and of every parameter, by nanoGPT's {@code state_dict} names.
 */
class GptBlockParityTest {
    private static final int B = 2;
    private static final int T = 5;
    private static final int C = 8;
    private static final int NH = 2;
    private static final GptConfig CONFIG = new GptConfig(8, 16, 2, NH, C, 0.0, true);

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void gptBlockMatchesNanoGptBlock(DType dtype) {
        GptBlock block = new GptBlock(CONFIG, dtype, new SplittableRandom(301));
        Parity.randomizeParameters(block, 301);      // LayerNorm gains and all biases away from 1 and 0
        Parity.of("nanoGPT Block n_embd=8 n_head=2 (2,5,8)")
                .module(block)
                .input("x", randn(dtype, 91, 1.0, B, T, C))
                .tolerance(Tolerance.LAYERS)
                .outputs("x")
                .checkOutputs(x -> List.of(block.forward(x[0], null)), (t, w) -> List.of(nanoGptBlock(t[0], w, "")));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void twoStackedBlocksMatchNanoGptTransformerH(DType dtype) {
        GptBlocks blocks = new GptBlocks(CONFIG, dtype, new SplittableRandom(302));
        Parity.randomizeParameters(blocks, 302);
        Parity.of("nanoGPT transformer.h, 2 Blocks n_embd=8 n_head=2 (2,5,8)")
                .module(blocks)
                .input("x", randn(dtype, 92, 1.0, B, T, C))
                .tolerance(Tolerance.LAYERS)
                .outputs("x")
                .checkOutputs(x -> List.of(blocks.forward(x[0], null)),
                        (t, w) -> List.of(nanoGptBlock(nanoGptBlock(t[0], w, "0."), w, "1.")));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void twoStackedBlocksWithNanoGptInitialisationMatchNanoGpt(DType dtype) {
        // nanoGPT's own init (N(0, 0.02) weights, scaled c_proj, zero biases, unit gains), as GptBlocks builds it.
        // A weak numerical check on its own: with such small weights each block is nearly the identity (swapping
        // the q and k blocks of c_attn changes the output by ~1e-5 only); the randomized tests above carry the weight.
        GptBlocks blocks = new GptBlocks(CONFIG, dtype, new SplittableRandom(303));
        Parity.of("nanoGPT transformer.h, 2 Blocks, nanoGPT init (2,5,8)")
                .module(blocks)
                .input("x", randn(dtype, 93, 1.0, B, T, C))
                .tolerance(Tolerance.LAYERS)
                .outputs("x")
                .checkOutputs(x -> List.of(blocks.forward(x[0], null)),
                        (t, w) -> List.of(nanoGptBlock(nanoGptBlock(t[0], w, "0."), w, "1.")));
    }

    /** nanoGPT's {@code Block.forward}; {@code p} prefixes the parameter names ({@code "0."} in a stack). */
    static NDArray nanoGptBlock(NDArray x, Map<String, NDArray> w, String p) {
        x = x.add(causalSelfAttention(layerNorm(x, w, p + "ln_1"), w, p + "attn."));
        return x.add(mlp(layerNorm(x, w, p + "ln_2"), w, p + "mlp."));
    }

    /**
     * nanoGPT's {@code CausalSelfAttention.forward}, its explicit ("slow attention") path. With PyTorch >= 2
     * nanoGPT calls {@code F.scaled_dot_product_attention(q, k, v, is_causal=True)} instead, which computes the
     * same; DJL does not expose it.
     */
    static NDArray causalSelfAttention(NDArray x, Map<String, NDArray> w, String p) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long c = x.getShape().get(2);
        NDList qkv = linear(x, w, p + "c_attn").split(3, 2);                            // split(n_embd, dim=2)
        NDArray q = heads(qkv.get(0), b, t, c);                                         // (B, nh, T, hs)
        NDArray k = heads(qkv.get(1), b, t, c);
        NDArray v = heads(qkv.get(2), b, t, c);
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2));                                // (B, nh, T, T)
        att = att.mul(Parity.scalar(att, 1.0 / Math.sqrt(c / NH)));
        // att.masked_fill(bias[:,:,:T,:T] == 0, -inf), bias = tril(ones): DJL has no masked_fill, so where(...)
        // with the mask and the fill expanded to att's shape (DJL's where does not broadcast)
        NDArray future = futureMask(x.getManager(), t).broadcast(att.getShape());
        NDArray minusInf = x.getManager().full(att.getShape(), Float.NEGATIVE_INFINITY, att.getDataType());
        att = NDArrays.where(future, minusInf, att).softmax(-1);
        NDArray y = att.matMul(v);                                                      // (B, nh, T, hs)
        y = y.transpose(0, 2, 1, 3).reshape(b, t, c);                                   // (B, T, C)
        return linear(y, w, p + "c_proj");
    }

    /** nanoGPT's {@code MLP.forward}: {@code c_proj(gelu(c_fc(x)))}, exact GELU ({@code nn.GELU()}). */
    static NDArray mlp(NDArray x, Map<String, NDArray> w, String p) {
        NDArray h = JniUtils.gelu((PtNDArray) linear(x, w, p + "c_fc"));
        return linear(h, w, p + "c_proj");
    }

    /** nanoGPT's {@code LayerNorm}: {@code F.layer_norm(x, weight.shape, weight, bias, 1e-5)}. */
    static NDArray layerNorm(NDArray x, Map<String, NDArray> w, String name) {
        return PyTorchModules.layerNorm(x, w, name, 1e-5);
    }

    /** {@code nn.Linear}: {@code F.linear(x, weight, bias)}. */
    static NDArray linear(NDArray x, Map<String, NDArray> w, String name) {
        return PyTorchModules.linear(x, w, name);
    }

    private static NDArray heads(NDArray x, long b, long t, long c) {
        return x.reshape(b, t, NH, c / NH).transpose(0, 2, 1, 3);                       // (B, nh, T, hs)
    }

    /** {@code tril(ones(T, T)) == 0}: true where key j is after query i. */
    private static NDArray futureMask(NDManager m, long t) {
        boolean[] above = new boolean[Math.toIntExact(t * t)];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                above[(int) (i * t + j)] = true;
            }
        }
        return m.create(above, new Shape(t, t));
    }
}
