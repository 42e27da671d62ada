package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;

/** {@code activation}: an elementwise nonlinearity — tanh, relu, gelu, gelu_tanh or sigmoid. */
public final class ActivationBlock implements BlockKind {
    private static final List<String> FUNCTIONS = List.of("tanh", "relu", "gelu", "gelu_tanh", "sigmoid");

    @Override
    public String name() {
        return "activation";
    }

    @Override
    public String summary() {
        return "An elementwise nonlinearity: tanh, relu, gelu, gelu_tanh or sigmoid.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("function", "over");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.any("in", LinearBlock.over(c)));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        c.choice("function", null, FUNCTIONS);
        return Map.of("out", in.get("in"));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(c.choice("function", null, FUNCTIONS), dtype);
    }

    /** The compiled block (no parameters). */
    static final class Impl extends Module implements BlockModule {
        private final String function;

        Impl(String function, DType dtype) {
            super(dtype);
            this.function = function;
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            Tensor v = x.value();
            switch (function) {
                case "tanh": v = F.tanh(v); break;
                case "relu": v = F.relu(v); break;
                case "gelu": v = F.gelu(v); break;
                case "gelu_tanh": v = F.gelu(v, org.seqlab.autograd.ops.Gelu.Approximation.TANH); break;
                default: v = F.sigmoid(v); break;
            }
            return Map.of("out", x.withValue(v));
        }
    }
}
