package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;
import org.seqlab.nn.gpt.GptBlocks;
import org.seqlab.nn.gpt.GptConfig;

/**
 * {@code gpt_blocks}: nanoGPT's stack of pre-norm causal Transformer blocks ({@code transformer.h}):
 * a sequence (B,T,n_embd) to a sequence of the same size.
 */
public final class GptBlocksBlock implements BlockKind {
    @Override
    public String name() {
        return "gpt_blocks";
    }

    @Override
    public String summary() {
        return "GPT / nanoGPT blocks: causal multi-head self-attention and a GELU MLP, pre-norm, with residuals.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("n_layer", "n_head", "n_embd", "dropout", "bias");
    }

    static GptConfig config(BlockConfig c) {
        try {
            return new GptConfig(1, 1, Math.toIntExact(c.positive("n_layer")), Math.toIntExact(c.positive("n_head")),
                    Math.toIntExact(c.positive("n_embd")), c.number("dropout", 0, 0, 0.999), c.flag("bias", true));
        } catch (IllegalArgumentException e) {
            throw Kinds.error(c, "gpt_blocks", e.getMessage());
        }
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", PortKind.SEQUENCE, c.positive("n_embd"), "n_embd"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", PortType.sequence(config(c).nEmbd()));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new GptBlocks(config(c), dtype, rng));
    }

    /** The compiled block: {@code 0.ln_1.weight}, {@code 0.attn.c_attn.weight}, ... under the block's id. */
    static final class Impl extends Module implements BlockModule {
        private final GptBlocks blocks;

        Impl(GptBlocks blocks) {
            super(blocks.dtype());
            this.blocks = inline(blocks);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            return Map.of("out", x.withValue(blocks.forward(x.value(), Masks.padding(x.mask()))));
        }
    }
}
