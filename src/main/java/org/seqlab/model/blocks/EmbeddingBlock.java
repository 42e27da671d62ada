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
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Module;

/** {@code embedding}: token ids (B,T) over {@code vocab} tokens to a sequence (B,T,dim). */
public final class EmbeddingBlock implements BlockKind {
    @Override
    public String name() {
        return "embedding";
    }

    @Override
    public String summary() {
        return "Looks up a learned vector for every token id: (B,T) ids -> (B,T,dim).";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("vocab", "dim", "padding_idx", "std", "scale");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("ids", PortKind.TOKENS, c.positive("vocab"), "vocab"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", PortType.sequence(c.positive("dim")));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(c.positive("vocab"), c.positive("dim"), c.integer("padding_idx", -1),
                c.number("std", 1.0, 0, 10), c.flag("scale", false), dtype, rng);
    }

    /**
     * The compiled block: PyTorch's nn.Embedding under the block's id ({@code id.weight}); initialised
     * N(0, std^2) (PyTorch: std 1; GPT: 0.02); with {@code scale}, outputs are multiplied by sqrt(dim) as in
     * Vaswani et al.
     */
    static final class Impl extends Module implements BlockModule {
        private final Embedding embedding;
        private final double scale;

        Impl(long vocab, long dim, long paddingIdx, double std, boolean scale, DType dtype, SplittableRandom rng) {
            super(dtype);
            this.embedding = inline(new Embedding(vocab, dim, paddingIdx, dtype, rng));
            if (std != 1.0) {
                double[] w = embedding.weight().get().toDoubleArray();
                for (int i = 0; i < w.length; i++) {
                    w[i] *= std;
                }
                bind(java.util.Map.of("weight", org.seqlab.autograd.Tensor.of(dtype, w, vocab, dim)));
            }
            this.scale = scale ? Math.sqrt(dim) : 1.0;
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow ids = in.get("ids");
            org.seqlab.autograd.Tensor e = embedding.forward(ids.value());
            if (scale != 1.0) {
                try (org.seqlab.autograd.Scope s = org.seqlab.autograd.Scope.push("scale")) {
                    e = org.seqlab.autograd.ops.F.mul(e, scale);
                }
            }
            return Map.of("out", new Flow(e, ids.mask()));
        }
    }
}
