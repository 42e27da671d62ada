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
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;

/**
 * {@code cross_entropy}: the mean cross-entropy of logits against targets — per position (logits (B,T,V)
 * against token ids or tags (B,T)) or per example (logits (B,C) against class labels (B)) — with
 * {@code ignore_index} (default -100: unmasked MLM positions carry it) and {@code label_smoothing}. Positions
 * the logits' padding mask marks as padding are ignored too.
 */
public final class CrossEntropyBlock implements BlockKind {
    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public String summary() {
        return "Mean cross-entropy of logits against targets, skipping targets equal to ignore_index.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("classes", "targets", "ignore_index", "label_smoothing");
    }

    private static PortKind targetKind(BlockConfig c) {
        switch (c.choice("targets", "tokens", List.of("tokens", "tags", "labels"))) {
            case "tags": return PortKind.TAGS;
            case "labels": return PortKind.LABELS;
            default: return PortKind.TOKENS;
        }
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        PortKind t = targetKind(c);
        long classes = c.positive("classes");
        PortKind logits = t == PortKind.LABELS ? PortKind.VECTOR : PortKind.SEQUENCE;
        return List.of(PortSpec.of("logits", logits, classes, "classes"), PortSpec.of("targets", t, classes, "classes"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        c.number("label_smoothing", 0, 0, 1);
        return Map.of("loss", PortType.loss());
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(c.integer("ignore_index", -100), c.number("label_smoothing", 0, 0, 1), dtype);
    }

    /** The compiled block (no parameters). */
    static final class Impl extends Module implements BlockModule {
        private final long ignoreIndex;
        private final double smoothing;

        Impl(long ignoreIndex, double smoothing, DType dtype) {
            super(dtype);
            this.ignoreIndex = ignoreIndex;
            this.smoothing = smoothing;
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow logits = in.get("logits");
            Tensor targets = in.get("targets").value();
            if (logits.mask() != null && targets.rank() == 2) {
                targets = ignorePadding(targets, logits.mask());
            }
            return Map.of("loss", Flow.of(F.crossEntropy(logits.value(), targets, ignoreIndex, smoothing)));
        }

        /** Targets at padding positions (mask 0) become the ignore index: padding never counts. */
        private Tensor ignorePadding(Tensor targets, Tensor mask) {
            long[] t = targets.toLongArray();
            double[] m = mask.toDoubleArray();
            if (m.length != t.length) {
                return targets;
            }
            for (int i = 0; i < t.length; i++) {
                if (m[i] == 0) {
                    t[i] = ignoreIndex;
                }
            }
            return Tensor.indices(t, targets.shape().toArray());
        }
    }
}
