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
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Module;

/** {@code dropout}: zeroes values with probability {@code p} while training. */
public final class DropoutBlock implements BlockKind {
    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String summary() {
        return "Drops values with probability p while training (scaled by 1/(1-p)); the identity otherwise.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("p", "over");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.any("in", LinearBlock.over(c)));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", in.get("in"));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new Dropout(c.number("p", 0.1, 0, 0.999), rng.nextLong(), dtype));
    }

    /** The compiled block. */
    static final class Impl extends Module implements BlockModule {
        private final Dropout dropout;

        Impl(Dropout dropout) {
            super(dropout.dtype());
            this.dropout = inline(dropout);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            return Map.of("out", x.withValue(dropout.forward(x.value())));
        }
    }
}
