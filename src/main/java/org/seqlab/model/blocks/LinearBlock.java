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
import org.seqlab.nn.Linear;
import org.seqlab.nn.Module;

/**
 * {@code linear}: {@code x W^T + b} on the last dimension of a sequence (B,T,in) or a vector (B,in)
 * (setting {@code over}: sequence or vector).
 */
public final class LinearBlock implements BlockKind {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String summary() {
        return "A linear layer x W^T + b on the last dimension: (.., in) -> (.., out).";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("in", "out", "bias", "over");
    }

    static PortKind over(BlockConfig c) {
        return c.choice("over", "sequence", List.of("sequence", "vector")).equals("vector")
                ? PortKind.VECTOR : PortKind.SEQUENCE;
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", over(c), c.positive("in"), "in"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", new PortType(over(c), c.positive("out")));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new Linear(c.positive("in"), c.positive("out"), c.flag("bias", true), dtype, rng));
    }

    /** The compiled block: nn.Linear's {@code weight}, {@code bias} under the block's id. */
    static final class Impl extends Module implements BlockModule {
        private final Linear linear;

        Impl(Linear linear) {
            super(linear.dtype());
            this.linear = inline(linear);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            return Map.of("out", x.withValue(linear.forward(x.value())));
        }
    }
}
