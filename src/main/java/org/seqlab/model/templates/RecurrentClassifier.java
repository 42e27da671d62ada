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

    /**
     * Settings; {@code pool} is mean, max or last; {@code cell} rnn, lstm or gru; {@code dropout} (0 for none)
     * drops word vectors before the recurrent layer and the pooled features before the classifier while training.
     */
    public record Config(int vocab, int embed, int hidden, int layers, boolean bidirectional, String pool, int classes,
                         String cell, double dropout) {
        /** Without dropout. */
        public Config(int vocab, int embed, int hidden, int layers, boolean bidirectional, String pool, int classes,
                      String cell) {
            this(vocab, embed, hidden, layers, bidirectional, pool, classes, cell, 0);
        }

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
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout must be in [0, 1); found " + dropout);
            }
        }

        /** Sentiment on characters: vocabulary 100, 32 / 64, two classes, mean pooling. */
        public static Config sentiment(boolean bidirectional) {
            return new Config(100, 32, 64, 1, bidirectional, "mean", 2);
        }

        public Config withCell(String newCell) {
            return new Config(vocab, embed, hidden, layers, bidirectional, pool, classes, newCell, dropout);
        }

        public Config withVocab(int newVocab) {
            return new Config(newVocab, embed, hidden, layers, bidirectional, pool, classes, cell, dropout);
        }

        public Config withDropout(double p) {
            return new Config(vocab, embed, hidden, layers, bidirectional, pool, classes, cell, p);
        }

        public Config withClasses(int newClasses) {
            return new Config(vocab, embed, hidden, layers, bidirectional, pool, newClasses, cell, dropout);
        }
    }

    public RecurrentClassifier(String name, String summary, Config config) {
        super(name, summary, config);
    }

    @Override
    public ModelGraph graph() {
        Config c = config();
        int features = c.hidden() * (c.bidirectional() ? 2 : 1);
        GraphBuilder b = GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocab()))
                .input("targets", PortType.labels(c.classes()), "zeros")
                .block("embedding", "embedding", "vocab", c.vocab(), "dim", c.embed(), "padding_idx", 0)
                .block("lstm", "recurrent", "cell", c.cell(), "input_size", c.embed(), "hidden_size", c.hidden(),
                        "num_layers", c.layers(), "bidirectional", c.bidirectional())
                .block("pool", "pool", "mode", c.pool())
                .block("classifier", "linear", "in", features, "out", c.classes(), "over", "vector")
                .block("loss", "cross_entropy", "classes", c.classes(), "targets", "labels")
                .edge("input:tokens", "embedding.ids");
        if (c.dropout() > 0) {
            b.block("embedding_dropout", "dropout", "p", c.dropout(), "over", "sequence")
                    .block("pool_dropout", "dropout", "p", c.dropout(), "over", "vector")
                    .edge("embedding.out", "embedding_dropout.in")
                    .edge("embedding_dropout.out", "lstm.in")
                    .edge("pool.out", "pool_dropout.in")
                    .edge("pool_dropout.out", "classifier.in");
        } else {
            b.edge("embedding.out", "lstm.in")
                    .edge("pool.out", "classifier.in");
        }
        return b.edge("lstm.out", "pool.in")
                .edge("classifier.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "classifier.out")
                .loss("loss.loss")
                .build();
    }
}
