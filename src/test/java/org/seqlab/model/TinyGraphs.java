package org.seqlab.model;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.PortType;

/** Small graphs the tests share. */
public final class TinyGraphs {
    private TinyGraphs() {
    }

    /** tokens -> embedding -> proj -> head (tied to the embedding) -> cross-entropy against shifted tokens. */
    public static GraphBuilder tinyLm(long projIn) {
        return GraphBuilder.named("tiny-lm")
                .input("tokens", PortType.tokens(11))
                .input("targets", PortType.tokens(11), "shift:tokens")
                .block("transformer.wte", "embedding", "vocab", 11, "dim", 6)
                .block("proj", "linear", "in", projIn, "out", 6)
                .block("lm_head", "linear", "in", 6, "out", 11, "bias", false)
                .block("loss", "cross_entropy", "classes", 11)
                .edge("input:tokens", "transformer.wte.ids")
                .edge("transformer.wte.out", "proj.in")
                .edge("proj.out", "lm_head.in")
                .edge("lm_head.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "lm_head.out")
                .loss("loss.loss")
                .tie("lm_head.weight", "transformer.wte.weight");
    }
}
