package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A Transformer-encoder classifier: {@code embedding}, a learned {@code cls} vector before every sequence,
 * learned {@code positions}, a post-norm {@code encoder}, the [CLS] position's output ({@code pool} first),
 * {@code classifier}; trained with cross-entropy on one label per sequence.
 */
public final class TransformerClassifier implements Template {

    /** Settings. */
    public record Config(int vocab, int dModel, int heads, int layers, int maxLen, int classes) {
        public Config {
            if (vocab < 5 || dModel < 1 || heads < 1 || layers < 1 || maxLen < 2 || classes < 2) {
                throw new IllegalArgumentException("invalid transformer classifier config");
            }
        }

        public static Config sentiment() {
            return new Config(100, 32, 2, 2, 128, 2);
        }
    }

    private final Config config;

    public TransformerClassifier(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "transformer-classifier";
    }

    @Override
    public String summary() {
        return "Sentiment classifier on a Transformer encoder, reading a [CLS] vector: 2 layers, 2 heads, d 32.";
    }

    @Override
    public ModelGraph graph() {
        Config c = config;
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocab()))
                .input("targets", PortType.labels(c.classes()), "zeros")
                .block("embedding", "embedding", "vocab", c.vocab(), "dim", c.dModel(), "padding_idx", 0, "std", 0.02)
                .block("cls", "cls_token", "dim", c.dModel())
                .block("positions", "positional", "encoding", "learned", "max_len", c.maxLen() + 1, "dim", c.dModel(),
                        "std", 0.02)
                .block("encoder", "transformer_encoder", "d_model", c.dModel(), "n_head", c.heads(), "num_layers",
                        c.layers(), "dim_feedforward", 4 * c.dModel(), "dropout", 0.1, "activation", "gelu")
                .block("pool", "pool", "mode", "first")
                .block("classifier", "linear", "in", c.dModel(), "out", c.classes(), "over", "vector")
                .block("loss", "cross_entropy", "classes", c.classes(), "targets", "labels")
                .edge("input:tokens", "embedding.ids")
                .edge("embedding.out", "cls.in")
                .edge("cls.out", "positions.in")
                .edge("positions.out", "encoder.in")
                .edge("encoder.out", "pool.in")
                .edge("pool.out", "classifier.in")
                .edge("classifier.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "classifier.out")
                .loss("loss.loss")
                .build();
    }
}
