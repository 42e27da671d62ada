package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.gpt.GptConfig;

/**
 * A GPT-like decoder-only causal language model in nanoGPT's layout: {@code transformer.wte} (tokens) plus
 * {@code transformer.wpe} (learned positions), {@code transformer.drop}, the blocks {@code transformer.h},
 * {@code transformer.ln_f}, and {@code lm_head} tied to {@code transformer.wte}; trained on the next token.
 * Its state dict loads into nanoGPT's {@code GPT} (and nanoGPT checkpoints load here).
 */
public final class Gpt extends PresetTemplate<GptConfig> {
    public Gpt(String name, String summary, GptConfig config) {
        super(name, summary, config);
    }

    @Override
    public ModelGraph graph() {
        GptConfig c = config();
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocabSize()))
                .input("targets", PortType.tokens(c.vocabSize()), "shift:tokens")
                .block("transformer.wte", "embedding", "vocab", c.vocabSize(), "dim", c.nEmbd(), "std", 0.02)
                .block("transformer.wpe", "positional", "encoding", "learned", "max_len", c.blockSize(), "dim",
                        c.nEmbd(), "std", 0.02)
                .block("transformer.drop", "dropout", "p", c.dropout())
                .block("transformer.h", "gpt_blocks", "n_layer", c.nLayer(), "n_head", c.nHead(), "n_embd", c.nEmbd(),
                        "dropout", c.dropout(), "bias", c.bias())
                .block("transformer.ln_f", "layer_norm", "dim", c.nEmbd())
                .block("lm_head", "linear", "in", c.nEmbd(), "out", c.vocabSize(), "bias", false)
                .block("loss", "cross_entropy", "classes", c.vocabSize())
                .edge("input:tokens", "transformer.wte.ids")
                .edge("transformer.wte.out", "transformer.wpe.in")
                .edge("transformer.wpe.out", "transformer.drop.in")
                .edge("transformer.drop.out", "transformer.h.in")
                .edge("transformer.h.out", "transformer.ln_f.in")
                .edge("transformer.ln_f.out", "lm_head.in")
                .edge("lm_head.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "lm_head.out")
                .loss("loss.loss")
                .tie("lm_head.weight", "transformer.wte.weight")
                .build();
    }
}
