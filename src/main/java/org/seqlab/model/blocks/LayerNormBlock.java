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
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Module;

/** {@code layer_norm}: layer normalisation over the last dimension of a sequence (or vector). */
public final class LayerNormBlock implements BlockKind {
    @Override
    public String name() {
        return "layer_norm";
    }

    @Override
    public String summary() {
        return "Layer normalisation over the feature dimension, with learned weight and bias.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("dim", "eps", "over");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", LinearBlock.over(c), c.positive("dim"), "dim"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", in.get("in"));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new LayerNorm(c.positive("dim"), c.number("eps", 1e-5, 0, 1), dtype));
    }

    /** The compiled block. */
    static final class Impl extends Module implements BlockModule {
        private final LayerNorm norm;

        Impl(LayerNorm norm) {
            super(norm.dtype());
            this.norm = inline(norm);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            return Map.of("out", x.withValue(norm.forward(x.value())));
        }
    }
}
