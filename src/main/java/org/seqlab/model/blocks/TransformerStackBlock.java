package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.FeedForward;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AttentionMask;
import org.seqlab.nn.transformer.TransformerConfig;
import org.seqlab.nn.transformer.TransformerDecoder;
import org.seqlab.nn.transformer.TransformerEncoder;

/**
 * {@code transformer_encoder} and {@code transformer_decoder}: stacks of PyTorch's
 * {@code nn.TransformerEncoderLayer} / {@code nn.TransformerDecoderLayer} ({@code layers.0.self_attn...},
 * optional final {@code norm}), post-norm or pre-norm. The encoder attends over its own real tokens (causal
 * if asked); the decoder attends causally over its input and over the encoder's memory.
 */
public final class TransformerStackBlock implements BlockKind {
    private final boolean decoder;

    private TransformerStackBlock(boolean decoder) {
        this.decoder = decoder;
    }

    public static TransformerStackBlock encoder() {
        return new TransformerStackBlock(false);
    }

    public static TransformerStackBlock decoder() {
        return new TransformerStackBlock(true);
    }

    @Override
    public String name() {
        return decoder ? "transformer_decoder" : "transformer_encoder";
    }

    @Override
    public String summary() {
        return decoder
                ? "Transformer decoder layers: masked self-attention, attention over the encoder, feed-forward."
                : "Transformer encoder layers: multi-head self-attention and feed-forward, with residuals and norms.";
    }

    @Override
    public Set<String> settings() {
        return decoder
                ? Kinds.settings("d_model", "n_head", "num_layers", "dim_feedforward", "dropout", "activation",
                        "norm_first", "final_norm", "layer_norm_eps")
                : Kinds.settings("d_model", "n_head", "num_layers", "dim_feedforward", "dropout", "activation",
                        "norm_first", "final_norm", "layer_norm_eps", "causal");
    }

    TransformerConfig config(BlockConfig c) {
        int layers = Math.toIntExact(c.positive("num_layers", 1));
        FeedForward.Activation act = c.choice("activation", "relu", List.of("relu", "gelu")).equals("gelu")
                ? FeedForward.Activation.GELU : FeedForward.Activation.RELU;
        long d = c.positive("d_model");
        try {
            return new TransformerConfig(Math.toIntExact(d), Math.toIntExact(c.positive("n_head")),
                    decoder ? 0 : layers, decoder ? layers : 0, Math.toIntExact(c.positive("dim_feedforward", 4 * d)),
                    c.number("dropout", 0.1, 0, 0.999), act, c.number("layer_norm_eps", 1e-5, 1e-12, 1),
                    c.flag("norm_first", false), c.flag("final_norm", false));
        } catch (org.seqlab.SeqLabException e) {
            throw Kinds.error(c, name(), e.getMessage());
        }
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        long d = c.positive("d_model");
        PortSpec in = PortSpec.of("in", PortKind.SEQUENCE, d, "d_model");
        return decoder ? List.of(in, PortSpec.of("memory", PortKind.MEMORY, d, "d_model")) : List.of(in);
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        long d = config(c).dModel();
        return decoder ? Map.of("out", PortType.sequence(d))
                : Map.of("out", PortType.sequence(d), "memory", PortType.memory(d));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        TransformerConfig cfg = config(c);
        return decoder ? new DecoderImpl(new TransformerDecoder(cfg, dtype, rng))
                : new EncoderImpl(new TransformerEncoder(cfg, dtype, rng), c.flag("causal", false));
    }

    static AttentionMask selfMask(Tensor padding, boolean causal) {
        AttentionMask m = causal ? AttentionMask.causal() : AttentionMask.none();
        return padding == null ? m : m.withKeyPadding(padding);
    }

    /** The compiled encoder: {@code layers.N.*} (and {@code norm.*}) under the block's id. */
    static final class EncoderImpl extends Module implements BlockModule {
        private final TransformerEncoder encoder;
        private final boolean causal;

        EncoderImpl(TransformerEncoder encoder, boolean causal) {
            super(encoder.dtype());
            this.encoder = inline(encoder);
            this.causal = causal;
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            Flow out = x.withValue(encoder.forward(x.value(), selfMask(Masks.padding(x.mask()), causal)));
            return Map.of("out", out, "memory", out);
        }
    }

    /** The compiled decoder: {@code layers.N.*} (and {@code norm.*}) under the block's id. */
    static final class DecoderImpl extends Module implements BlockModule {
        private final TransformerDecoder decoder;

        DecoderImpl(TransformerDecoder decoder) {
            super(decoder.dtype());
            this.decoder = inline(decoder);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            Flow memory = in.get("memory");
            Tensor memoryPadding = Masks.padding(memory.mask());
            AttentionMask memoryMask = memoryPadding == null ? AttentionMask.none()
                    : AttentionMask.keyPadding(memoryPadding);
            return Map.of("out", x.withValue(decoder.forward(x.value(), memory.value(),
                    selfMask(Masks.padding(x.mask()), true), memoryMask)));
        }
    }
}
