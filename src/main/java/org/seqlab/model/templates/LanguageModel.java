package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A recurrent language model, laid out as PyTorch's word_language_model example: {@code encoder}
 * (embedding) -> {@code rnn} (RNN / LSTM / GRU) -> {@code decoder} (linear to the vocabulary), trained
 * with cross-entropy on the next token.
 */
public final class LanguageModel extends PresetTemplate<LanguageModel.Config> {

    /**
     * @param cell rnn_tanh, lstm or gru
     * @param vocab vocabulary size (characters or words)
     * @param embed embedding size
     * @param hidden hidden size
     * @param layers stacked layers
     * @param dropout dropout between layers (0 with one layer)
     */
    public record Config(String cell, int vocab, int embed, int hidden, int layers, double dropout) {
        public Config {
            if (!cell.equals("rnn_tanh") && !cell.equals("lstm") && !cell.equals("gru")) {
                throw new IllegalArgumentException("cell must be rnn_tanh, lstm or gru; found " + cell);
            }
            if (vocab < 5 || embed < 1 || hidden < 1 || layers < 1 || dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("invalid language-model config " + vocab + "/" + embed + "/" + hidden
                        + "/" + layers + "/" + dropout);
            }
            if (layers == 1 && dropout > 0) {
                throw new IllegalArgumentException("dropout acts between layers: use layers >= 2 or dropout 0");
            }
        }

        /** A character model small enough to watch: vocabulary 100 (all of printable ASCII), 32 / 64. */
        public static Config chars(String cell) {
            return new Config(cell, 100, 32, 64, 1, 0.0);
        }

        /** A word model: vocabulary 5000, 128 / 256, two layers with dropout 0.2. */
        public static Config words(String cell) {
            return new Config(cell, 5000, 128, 256, 2, 0.2);
        }

        public Config withVocab(int v) {
            return new Config(cell, v, embed, hidden, layers, dropout);
        }
    }

    public LanguageModel(String name, String summary, Config config) {
        super(name, summary, config);
    }

    @Override
    public ModelGraph graph() {
        return graph(name(), summary(), config());
    }

    public static ModelGraph graph(String name, String description, Config c) {
        return GraphBuilder.named(name).description(description)
                .input("tokens", PortType.tokens(c.vocab()))
                .input("targets", PortType.tokens(c.vocab()), "shift:tokens")
                .block("encoder", "embedding", "vocab", c.vocab(), "dim", c.embed())
                .block("rnn", "recurrent", "cell", c.cell(), "input_size", c.embed(), "hidden_size", c.hidden(),
                        "num_layers", c.layers(), "dropout", c.dropout())
                .block("decoder", "linear", "in", c.hidden(), "out", c.vocab())
                .block("loss", "cross_entropy", "classes", c.vocab())
                .edge("input:tokens", "encoder.ids")
                .edge("encoder.out", "rnn.in")
                .edge("rnn.out", "decoder.in")
                .edge("decoder.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "decoder.out")
                .output("hidden", "rnn.out")
                .loss("loss.loss")
                .build();
    }
}
