package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A sequence classifier: {@code embedding} -> {@code lstm} (uni- or bidirectional) -> {@code pool} (mean,
 * max or last over the real tokens) -> {@code classifier} (linear to the classes), trained with
 * cross-entropy on one label per sequence (sentiment, topic).
 */
public final class RecurrentClassifier extends PresetTemplate<RecurrentClassifier.Config> {

    /** Settings; {@code pool} is mean, max or last; {@code cell} rnn, lstm or gru. */
    public record Config(int vocab, int embed, int hidden, int layers, boolean bidirectional, String pool, int classes,
                         String cell) {
        /** An LSTM classifier. */
        public Config(int vocab, int embed, int hidden, int layers, boolean bidirectional, String pool, int classes) {
            this(vocab, embed, hidden, layers, bidirectional, pool, classes, "lstm");
        }

        public Config {
            if (!cell.equals("rnn") && !cell.equals("lstm") && !cell.equals("gru")) {
                throw new IllegalArgumentException("cell must be rnn, lstm or gru; found " + cell);
            }
            if (vocab < 5 || embed < 1 || hidden < 1 || layers < 1 || classes < 2) {
                throw new IllegalArgumentException("invalid classifier config");
            }
            if (!pool.equals("mean") && !pool.equals("max") && !pool.equals("last")) {
                throw new IllegalArgumentException("pool must be mean, max or last; found " + pool);
            }
        }

        /** Sentiment on characters: vocabulary 100, 32 / 64, two classes, mean pooling. */
        public static Config sentiment(boolean bidirectional) {
            return new Config(100, 32, 64, 1, bidirectional, "mean", 2);
        }

        public Config withCell(String newCell) {
            return new Config(vocab, embed, hidden, layers, bidirectional, pool, classes, newCell);
        }

        public Config withVocab(int newVocab) {
            return new Config(newVocab, embed, hidden, layers, bidirectional, pool, classes, cell);
        }

        public Config withClasses(int newClasses) {
            return new Config(vocab, embed, hidden, layers, bidirectional, pool, newClasses, cell);
        }
    }

    public RecurrentClassifier(String name, String summary, Config config) {
        super(name, summary, config);
    }

    @Override
    public ModelGraph graph() {
        Config c = config();
        int features = c.hidden() * (c.bidirectional() ? 2 : 1);
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocab()))
                .input("targets", PortType.labels(c.classes()), "zeros")
                .block("embedding", "embedding", "vocab", c.vocab(), "dim", c.embed(), "padding_idx", 0)
                .block("lstm", "recurrent", "cell", c.cell(), "input_size", c.embed(), "hidden_size", c.hidden(),
                        "num_layers", c.layers(), "bidirectional", c.bidirectional())
                .block("pool", "pool", "mode", c.pool())
                .block("classifier", "linear", "in", features, "out", c.classes(), "over", "vector")
                .block("loss", "cross_entropy", "classes", c.classes(), "targets", "labels")
                .edge("input:tokens", "embedding.ids")
                .edge("embedding.out", "lstm.in")
                .edge("lstm.out", "pool.in")
                .edge("pool.out", "classifier.in")
                .edge("classifier.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "classifier.out")
                .loss("loss.loss")
                .build();
    }
}
