package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;

/**
 * {@code cls_token}: puts a learned [CLS] vector ({@code cls_token (1, 1, dim)}, N(0, 0.02)) before every
 * sequence, (B,T,d) to (B,T+1,d); the padding mask grows by one real position. A classifier reads the
 * encoder's output at position 0.
 */
public final class ClsTokenBlock implements BlockKind {
    @Override
    public String name() {
        return "cls_token";
    }

    @Override
    public String summary() {
        return "Prepends a learned [CLS] vector to every sequence; pool 'first' reads it back after the encoder.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("dim");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", PortKind.SEQUENCE, c.positive("dim"), "dim"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", PortType.sequence(c.positive("dim")));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(c.positive("dim"), dtype, rng);
    }

    /** The compiled block: the parameter {@code cls_token}. */
    static final class Impl extends Module implements BlockModule {
        private final Parameter cls;

        Impl(long dim, DType dtype, SplittableRandom rng) {
            super(dtype);
            this.cls = parameter("cls_token", normal(rng, 0.02, 1, 1, dim));
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            Tensor h = x.value();
            long b = h.size(0);
            Tensor tokens;
            try (Scope s = Scope.push("prepend")) {
                Tensor c = F.concat(0, java.util.Collections.nCopies((int) b, cls.get()));   // (B, 1, d)
                tokens = F.concat(1, c, h);                                                  // (B, T+1, d)
            }
            Tensor mask = null;
            if (x.mask() != null) {
                double[] m = x.mask().toDoubleArray();
                long t = h.size(1);
                double[] grown = new double[(int) (b * (t + 1))];
                for (int i = 0; i < b; i++) {
                    grown[(int) (i * (t + 1))] = 1;
                    System.arraycopy(m, (int) (i * t), grown, (int) (i * (t + 1) + 1), (int) t);
                }
                mask = Tensor.of(x.mask().dtype(), grown, b, t + 1);
            }
            return Map.of("out", new Flow(tokens, mask));
        }
    }
}
