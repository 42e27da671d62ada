package org.seqlab.model.blocks;

import static org.seqlab.autograd.ops.F.div;
import static org.seqlab.autograd.ops.F.max;
import static org.seqlab.autograd.ops.F.maskedFill;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.rsub;
import static org.seqlab.autograd.ops.F.select;
import static org.seqlab.autograd.ops.F.sum;

import java.util.ArrayList;
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
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;

/**
 * {@code pool}: a sequence (B,T,d) to one vector (B,d) per example — {@code mean} or {@code max} over the
 * real (unpadded) positions, {@code first} (the [CLS] position) or {@code last} (the last real position).
 */
public final class PoolBlock implements BlockKind {
    private static final List<String> MODES = List.of("mean", "max", "first", "last");

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public String summary() {
        return "Pools a sequence into one vector per example: mean, max, first ([CLS]) or last real position.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("mode");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.any("in", PortKind.SEQUENCE));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        c.choice("mode", "mean", MODES);
        return Map.of("out", PortType.vector(in.get("in").dim()));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(c.choice("mode", "mean", MODES), dtype);
    }

    /** The compiled block (no parameters). */
    static final class Impl extends Module implements BlockModule {
        private final String mode;

        Impl(String mode, DType dtype) {
            super(dtype);
            this.mode = mode;
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            Tensor h = x.value();                                   // (B, T, d)
            long b = h.size(0);
            long t = h.size(1);
            Tensor mask = x.mask() == null ? Tensor.ones(h.dtype(), b, t) : x.mask();
            Tensor m3 = reshape(mask, b, t, 1);                     // (B, T, 1)
            Tensor out;
            switch (mode) {
                case "mean":
                    out = div(sum(mul(h, m3), false, 1), sum(m3, false, 1));    // (B, d)
                    break;
                case "max":
                    out = max(maskedFill(h, rsub(1.0, m3), Double.NEGATIVE_INFINITY), false, 1);
                    break;
                case "first":
                    out = select(h, 1, 0);
                    break;
                default:
                    out = last(h, mask);
                    break;
            }
            return Map.of("out", Flow.of(out));
        }

        /** The vector at each example's last real position. */
        private static Tensor last(Tensor h, Tensor mask) {
            double[] m = mask.toDoubleArray();
            long b = h.size(0);
            long t = h.size(1);
            List<Tensor> rows = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                int len = 0;
                for (int j = 0; j < t; j++) {
                    if (m[(int) (i * t + j)] != 0) {
                        len = j + 1;
                    }
                }
                rows.add(select(select(h, 0, i), 0, Math.max(len - 1, 0)));
            }
            return F.stack(0, rows);                                // (B, d)
        }
    }
}
