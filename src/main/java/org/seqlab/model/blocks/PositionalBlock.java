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
import org.seqlab.nn.transformer.LearnedPositionalEmbedding;
import org.seqlab.nn.transformer.SinusoidalPositionalEncoding;

/**
 * {@code positional}: adds position information to a sequence — {@code sinusoidal} (Vaswani et al., a
 * constant) or {@code learned} (a table {@code weight (max_len, dim)}, as GPT's {@code wpe}). A sequence
 * longer than {@code max_len} is refused with the lengths and the fix.
 */
public final class PositionalBlock implements BlockKind {
    @Override
    public String name() {
        return "positional";
    }

    @Override
    public String summary() {
        return "Adds positional encodings to a sequence: sinusoidal (fixed) or learned (a table of max_len rows).";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("encoding", "max_len", "dim", "std");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", PortKind.SEQUENCE, c.positive("dim"), "dim"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        c.choice("encoding", "sinusoidal", List.of("sinusoidal", "learned"));
        c.positive("max_len");
        return Map.of("out", PortType.sequence(c.positive("dim")));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        long maxLen = c.positive("max_len");
        long dim = c.positive("dim");
        if (c.choice("encoding", "sinusoidal", List.of("sinusoidal", "learned")).equals("learned")) {
            return new Impl(new LearnedPositionalEmbedding(maxLen, dim, c.number("std", 1.0, 0, 10), dtype, rng));
        }
        return new Impl(new SinusoidalPositionalEncoding(maxLen, dim, dtype));
    }

    /** The compiled block; a learned table is {@code weight} under the block's id. */
    static final class Impl extends Module implements BlockModule {
        private final Module encoding;

        Impl(Module encoding) {
            super(encoding.dtype());
            this.encoding = inline(encoding);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            return Map.of("out", x.withValue(encoding instanceof LearnedPositionalEmbedding l ? l.forward(x.value())
                    : ((SinusoidalPositionalEncoding) encoding).forward(x.value())));
        }
    }
}
