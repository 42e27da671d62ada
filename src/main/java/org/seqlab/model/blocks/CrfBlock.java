package org.seqlab.model.blocks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;
import org.seqlab.nn.crf.CrfConfig;
import org.seqlab.nn.crf.LinearChainCrf;
import org.seqlab.nn.crf.TagPath;

/**
 * {@code crf}: a linear-chain CRF over per-token tag scores (B,T,K): its negative log-likelihood of the gold
 * tags as the loss, and the Viterbi-best tags. Settings: {@code tags} (K), optional {@code tag_names}
 * ("O,B-PER,I-PER,...") and {@code bio} (true: I-X only after B-X or I-X), {@code reduction}
 * (mean over sentences, sum, or token_mean).
 */
public final class CrfBlock implements BlockKind {
    @Override
    public String name() {
        return "crf";
    }

    @Override
    public String summary() {
        return "A linear-chain CRF: the negative log-likelihood of the gold tags, and the Viterbi-best tags.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("tags", "tag_names", "bio", "reduction");
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        long k = c.positive("tags");
        return List.of(PortSpec.of("emissions", PortKind.SEQUENCE, k, "tags"), PortSpec.of("tags", PortKind.TAGS, k, "tags"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        config(c);
        reduction(c);
        return Map.of("loss", PortType.loss(), "best", PortType.tags(c.positive("tags")));
    }

    private static CrfConfig config(BlockConfig c) {
        int k = Math.toIntExact(c.positive("tags"));
        String names = c.text("tag_names", null);
        boolean bio = c.flag("bio", false);
        if (names == null) {
            if (bio) {
                throw Kinds.error(c, "crf", "bio constraints need tag_names (e.g. \"O,B-PER,I-PER\") to know which tag is"
                        + " which");
            }
            return CrfConfig.of(k);
        }
        List<String> list = new ArrayList<>(Arrays.asList(names.split("\\s*,\\s*")));
        if (list.size() != k) {
            throw Kinds.error(c, "crf", "tag_names lists " + list.size() + " tags but tags = " + k
                    + "; give one name per tag");
        }
        return bio ? CrfConfig.bio(list) : CrfConfig.named(list);
    }

    private static LinearChainCrf.Reduction reduction(BlockConfig c) {
        switch (c.choice("reduction", "mean", List.of("mean", "sum", "token_mean"))) {
            case "sum": return LinearChainCrf.Reduction.SUM;
            case "token_mean": return LinearChainCrf.Reduction.TOKEN_MEAN;
            default: return LinearChainCrf.Reduction.MEAN;
        }
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new LinearChainCrf(config(c), dtype, rng), reduction(c));
    }

    /** The compiled block: torchcrf's parameter names under the block's id. */
    static final class Impl extends Module implements BlockModule {
        private final LinearChainCrf crf;
        private final LinearChainCrf.Reduction reduction;

        Impl(LinearChainCrf crf, LinearChainCrf.Reduction reduction) {
            super(crf.dtype());
            this.crf = inline(crf);
            this.reduction = reduction;
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow e = in.get("emissions");
            Tensor emissions = e.value();
            long b = emissions.size(0);
            long t = emissions.size(1);
            Tensor mask = e.mask() != null ? e.mask() : Tensor.ones(emissions.dtype(), b, t);
            Tensor loss = crf.nll(emissions, in.get("tags").value(), mask, reduction);
            List<TagPath> paths = crf.decode(emissions, mask);
            if (paths.size() != b) {
                throw new IllegalStateException("crf decoded " + paths.size() + " paths for a batch of " + b);
            }
            long[] best = new long[(int) (b * t)];
            for (int i = 0; i < paths.size(); i++) {
                int[] p = paths.get(i).tags();
                for (int j = 0; j < p.length; j++) {
                    best[(int) (i * t + j)] = p[j];
                }
            }
            return Map.of("loss", Flow.of(loss), "best", new Flow(Tensor.indices(best, b, t), e.mask()));
        }
    }
}
