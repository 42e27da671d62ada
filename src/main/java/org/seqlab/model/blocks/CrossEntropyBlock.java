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
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;

/**
 * {@code cross_entropy}: the mean cross-entropy of logits against targets — per position (logits (B,T,V)
 * against token ids or tags (B,T)) or per example (logits (B,C) against class labels (B)) — with
 * {@code ignore_index} (default -100: padding and unmasked positions carry it) and {@code label_smoothing}.
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
            return Map.of("loss", Flow.of(F.crossEntropy(in.get("logits").value(), in.get("targets").value(),
                    ignoreIndex, smoothing)));
        }
    }
}
