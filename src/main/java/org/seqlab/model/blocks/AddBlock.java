package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.GraphException;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;

/** {@code add}: the elementwise sum of two sequences (or vectors) of one size — a residual or embedding sum. */
public final class AddBlock implements BlockKind {
    @Override
    public String name() {
        return "add";
    }

    @Override
    public String summary() {
        return "Adds two inputs of the same kind and size (residual connections, token + position embeddings).";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("over");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.any("a", LinearBlock.over(c)), PortSpec.any("b", LinearBlock.over(c)));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        PortType a = in.get("a");
        PortType b = in.get("b");
        if (a.dim() != b.dim()) {
            throw new GraphException("Block '" + c.blockId() + "' (add): input a is " + a + " but input b is " + b
                    + "; both must have the same size to be added.");
        }
        return Map.of("out", a);
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(dtype);
    }

    /** The compiled block (no parameters); the mask of {@code a} travels on. */
    static final class Impl extends Module implements BlockModule {
        Impl(DType dtype) {
            super(dtype);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow a = in.get("a");
            return Map.of("out", a.withValue(F.add(a.value(), in.get("b").value())));
        }
    }
}
