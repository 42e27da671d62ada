package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.autograd.DType;
import org.seqlab.nn.FeedForward.Activation;
import org.seqlab.nn.attention.AttentionMask;
import org.seqlab.nn.transformer.TransformerConfig;
import org.seqlab.nn.transformer.TransformerDecoderLayer;
import org.seqlab.nn.transformer.TransformerEncoder;
import org.seqlab.nn.transformer.TransformerEncoderLayer;
import org.seqlab.parity.Parity.Tolerance;

/**
 * {@link TransformerEncoderLayer}, {@link TransformerDecoderLayer} and a {@link TransformerEncoder} stack against
 * PyTorch's {@code nn.TransformerEncoderLayer} / {@code nn.TransformerDecoderLayer} / {@code nn.TransformerEncoder}
 * ({@code d_model=8, nhead=2, dim_feedforward=16, dropout=0, batch_first=True}, eval mode), composed on the PyTorch
 * side exactly as PyTorch 2.7's {@code torch/nn/modules/transformer.py} defines their {@code forward},
 * {@code _sa_block}, {@code _mha_block} and {@code _ff_block}: {@code nn.MultiheadAttention} with
 * {@code need_weights=False} ({@link PyTorchModules#multiheadAttention}), {@code F.layer_norm}, {@code F.linear}
 * and {@code F.relu} / exact {@code F.gelu}, all PyTorch kernels. Autograd is on, so PyTorch would not take the
 * fused inference path ({@code torch._transformer_encoder_layer_fwd}) either.
 *
 * <p>Every option pair: activation {@code relu} and {@code gelu}, {@code norm_first} False (post-norm) and True
 * (pre-norm), float64 and float32; every parameter random, biases and LayerNorm gains included. Masks: the encoder
 * runs with {@code src_mask} causal and {@code src_key_padding_mask} for lengths {5,3}; the decoder with
 * {@code tgt_mask} causal and {@code tgt_key_padding_mask} for lengths {4,2} over a memory padded to lengths {3,5}
 * ({@code memory_key_padding_mask}). Compared: the output, the gradients of src (tgt and memory) and of every
 * parameter by {@code state_dict} name.
 */
class TransformerLayerParityTest {
    private static final int E = 8;
    private static final int NH = 2;
    private static final int FF = 16;
    private static final double EPS = 1e-5;
    private static final int B = 2;
    /** Encoder: source length, and each source's length (right padding). */
    private static final int S_SRC = 5;
    private static final long[] SRC_LENGTHS = {5, 3};
    /** Decoder: target length, the memory's length, and their lengths. */
    private static final int T = 4;
    private static final int S = 5;
    private static final long[] TGT_LENGTHS = {4, 2};
    private static final long[] MEMORY_LENGTHS = {3, 5};

    static Stream<Arguments> layerOptions() {
        List<Arguments> all = new ArrayList<>();
        for (Activation activation : new Activation[] {Activation.RELU, Activation.GELU}) {
            for (boolean normFirst : new boolean[] {false, true}) {
                for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                    all.add(Arguments.of(activation, normFirst, dtype));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} norm_first={1} {2}")
    @MethodSource("layerOptions")
    void encoderLayerWithCausalAndKeyPaddingMasksMatchesPyTorch(Activation activation, boolean normFirst,
                                                                DType dtype) {
        TransformerConfig config = config(activation, normFirst, 1, 0, false);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(config, dtype, new SplittableRandom(401));
        Parity.randomizeParameters(layer, 401);     // PyTorch zeroes the attention biases, LayerNorm starts at 1, 0
        AttentionMask mask = AttentionMask.causal()
                .withKeyPadding(AttentionMask.paddingFromLengths(SRC_LENGTHS, S_SRC));
        Parity.of("nn.TransformerEncoderLayer(8, 2, 16, " + name(activation) + ", norm_first=" + normFirst
                        + ") src (2,5,8), causal src_mask + src_key_padding_mask {5,3}")
                .module(layer)
                .input("src", randn(dtype, 94, 1.0, B, S_SRC, E))
                .tolerance(Tolerance.LAYERS)
                .outputs("output")
                .checkOutputs(x -> List.of(layer.forward(x[0], mask)),
                        (t, w) -> List.of(encoderLayer(t[0], w, "", config, SRC_LENGTHS)));
    }

    @ParameterizedTest(name = "{0} norm_first={1} {2}")
    @MethodSource("layerOptions")
    void decoderLayerWithCausalTargetAndPaddedMemoryMatchesPyTorch(Activation activation, boolean normFirst,
                                                                   DType dtype) {
        TransformerConfig config = config(activation, normFirst, 0, 1, false);
        TransformerDecoderLayer layer = new TransformerDecoderLayer(config, dtype, new SplittableRandom(402));
        Parity.randomizeParameters(layer, 402);
        AttentionMask tgtMask = AttentionMask.causal()
                .withKeyPadding(AttentionMask.paddingFromLengths(TGT_LENGTHS, T));
        AttentionMask memoryMask = AttentionMask.keyPadding(AttentionMask.paddingFromLengths(MEMORY_LENGTHS, S));
        Parity.of("nn.TransformerDecoderLayer(8, 2, 16, " + name(activation) + ", norm_first=" + normFirst
                        + ") tgt (2,4,8), causal tgt_mask + tgt_key_padding_mask {4,2}, memory (2,5,8), "
                        + "memory_key_padding_mask {3,5}")
                .module(layer)
                .input("tgt", randn(dtype, 95, 1.0, B, T, E))
                .input("memory", randn(dtype, 96, 1.0, B, S, E))
                .tolerance(Tolerance.LAYERS)
                .outputs("output")
                .checkOutputs(x -> List.of(layer.forward(x[0], x[1], tgtMask, memoryMask)),
                        (t, w) -> List.of(decoderLayer(t[0], t[1], w, config)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void twoLayerPreNormEncoderWithFinalNormMatchesPyTorch(DType dtype) {
        TransformerConfig config = config(Activation.GELU, true, 2, 0, true);
        TransformerEncoder encoder = new TransformerEncoder(config, dtype, new SplittableRandom(403));
        Parity.randomizeParameters(encoder, 403);
        AttentionMask mask = AttentionMask.causal()
                .withKeyPadding(AttentionMask.paddingFromLengths(SRC_LENGTHS, S_SRC));
        Parity.of("nn.TransformerEncoder(2 x nn.TransformerEncoderLayer(8, 2, 16, gelu, norm_first=True), "
                        + "norm=LayerNorm(8)) src (2,5,8), causal mask + src_key_padding_mask {5,3}")
                .module(encoder)
                .input("src", randn(dtype, 97, 1.0, B, S_SRC, E))
                .tolerance(Tolerance.LAYERS)
                .outputs("output")
                .checkOutputs(x -> List.of(encoder.forward(x[0], mask)),
                        (t, w) -> List.of(encoder(t[0], w, config)));
    }

    private static TransformerConfig config(Activation activation, boolean normFirst, int encoderLayers,
                                            int decoderLayers, boolean finalNorm) {
        return new TransformerConfig(E, NH, encoderLayers, decoderLayers, FF, 0.0, activation, EPS, normFirst,
                finalNorm);
    }

    /** PyTorch's {@code activation="relu"} ({@code F.relu}) or {@code "gelu"} ({@code F.gelu}, exact). */
    private static NDArray activation(PtNDArray h, Activation activation) {
        switch (activation) {
            case RELU: return JniUtils.relu(h);
            case GELU: return JniUtils.gelu(h);
            default: throw new IllegalArgumentException("nn.TransformerEncoderLayer takes relu or gelu, not "
                    + activation);
        }
    }

    private static String name(Activation activation) {
        return activation.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code nn.TransformerEncoder.forward}: every layer with the same masks, then {@code norm}. (PyTorch detects
     * the causal mask and passes {@code is_causal=True} to the layers; with a key padding mask present,
     * {@code multi_head_attention_forward} drops the hint and uses the merged mask, so the layers compute exactly
     * what {@link #encoderLayer} does.)
     */
    static NDArray encoder(NDArray src, Map<String, NDArray> w, TransformerConfig c) {
        NDArray x = src;
        for (int i = 0; i < c.numEncoderLayers(); i++) {
            x = encoderLayer(x, w, "layers." + i + ".", c, SRC_LENGTHS);
        }
        return PyTorchModules.layerNorm(x, w, "norm", c.layerNormEps());
    }

    /** {@code nn.TransformerEncoderLayer.forward}, its standard path; {@code p} prefixes the parameter names. */
    static NDArray encoderLayer(NDArray src, Map<String, NDArray> w, String p, TransformerConfig c,
                                long[] srcLengths) {
        NDArray x = src;
        if (c.normFirst()) {
            x = x.add(selfAttentionBlock(norm(x, w, p + "norm1", c), w, p, c, srcLengths));
            x = x.add(feedForwardBlock(norm(x, w, p + "norm2", c), w, p, c));
        } else {
            x = norm(x.add(selfAttentionBlock(x, w, p, c, srcLengths)), w, p + "norm1", c);
            x = norm(x.add(feedForwardBlock(x, w, p, c)), w, p + "norm2", c);
        }
        return x;
    }

    /** {@code nn.TransformerDecoderLayer.forward}: causal, padded self-attention; attention over a padded memory. */
    static NDArray decoderLayer(NDArray tgt, NDArray memory, Map<String, NDArray> w, TransformerConfig c) {
        NDArray x = tgt;
        if (c.normFirst()) {
            x = x.add(selfAttentionBlock(norm(x, w, "norm1", c), w, "", c, TGT_LENGTHS));
            x = x.add(crossAttentionBlock(norm(x, w, "norm2", c), memory, w, c));
            x = x.add(feedForwardBlock(norm(x, w, "norm3", c), w, "", c));
        } else {
            x = norm(x.add(selfAttentionBlock(x, w, "", c, TGT_LENGTHS)), w, "norm1", c);
            x = norm(x.add(crossAttentionBlock(x, memory, w, c)), w, "norm2", c);
            x = norm(x.add(feedForwardBlock(x, w, "", c)), w, "norm3", c);
        }
        return x;
    }

    /**
     * {@code _sa_block}: {@code self_attn(x, x, x, attn_mask=causal, key_padding_mask, need_weights=False)[0]};
     * dropout1 is the identity.
     */
    private static NDArray selfAttentionBlock(NDArray x, Map<String, NDArray> w, String p, TransformerConfig c,
                                              long[] keyLengths) {
        return PyTorchModules.multiheadAttention(x, x, x, w, p + "self_attn.", c.nHead(), true, keyLengths, false)
                .get(0);
    }

    /**
     * The decoder's {@code _mha_block}: {@code multihead_attn(x, mem, mem, key_padding_mask, need_weights=False)[0]};
     * dropout2 is the identity.
     */
    private static NDArray crossAttentionBlock(NDArray x, NDArray memory, Map<String, NDArray> w,
                                               TransformerConfig c) {
        return PyTorchModules.multiheadAttention(x, memory, memory, w, "multihead_attn.", c.nHead(), false,
                MEMORY_LENGTHS, false).get(0);
    }

    /** {@code _ff_block}: {@code linear2(dropout(activation(linear1(x))))}; the dropouts are the identity. */
    private static NDArray feedForwardBlock(NDArray x, Map<String, NDArray> w, String p, TransformerConfig c) {
        PtNDArray h = (PtNDArray) PyTorchModules.linear(x, w, p + "linear1");
        return PyTorchModules.linear(activation(h, c.activation()), w, p + "linear2");
    }

    private static NDArray norm(NDArray x, Map<String, NDArray> w, String name, TransformerConfig c) {
        return PyTorchModules.layerNorm(x, w, name, c.layerNormEps());
    }
}
