package org.seqlab.model.templates;

import java.util.List;
import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A BiLSTM-CRF tagger (Huang et al. 2015; Lample et al. 2016): {@code embedding} -> bidirectional
 * {@code lstm} -> {@code emissions} (linear to tag scores) -> {@code crf} (BIO-constrained), trained on the
 * CRF's negative log-likelihood; the output is the Viterbi-best tag sequence.
 */
public final class RecurrentCrfTagger implements Template {
    /** CoNLL-2003's entity tags in BIO form. */
    public static final List<String> CONLL_TAGS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG",
            "B-MISC", "I-MISC");

    /** Settings. */
    public record Config(int vocab, int embed, int hidden, List<String> tags, boolean bio) {
        public Config {
            tags = List.copyOf(tags);
            if (vocab < 5 || embed < 1 || hidden < 1 || tags.size() < 2) {
                throw new IllegalArgumentException("invalid tagger config");
            }
        }

        /** Named entities on characters' vocabulary 100, 32 / 64 per direction, CoNLL tags. */
        public static Config ner() {
            return new Config(100, 32, 64, CONLL_TAGS, true);
        }
    }

    private final Config config;

    public RecurrentCrfTagger(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "bilstm-crf-tagger";
    }

    @Override
    public String summary() {
        return "BiLSTM-CRF named-entity tagger: embeddings, a bidirectional LSTM, tag scores, a BIO-constrained CRF.";
    }

    @Override
    public ModelGraph graph() {
        Config c = config;
        int k = c.tags().size();
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocab()))
                .input("targets", PortType.tags(k), "zeros")
                .block("embedding", "embedding", "vocab", c.vocab(), "dim", c.embed(), "padding_idx", 0)
                .block("lstm", "recurrent", "cell", "lstm", "input_size", c.embed(), "hidden_size", c.hidden(),
                        "bidirectional", true)
                .block("emissions", "linear", "in", 2 * c.hidden(), "out", k)
                .block("crf", "crf", "tags", k, "tag_names", String.join(",", c.tags()), "bio", c.bio())
                .edge("input:tokens", "embedding.ids")
                .edge("embedding.out", "lstm.in")
                .edge("lstm.out", "emissions.in")
                .edge("emissions.out", "crf.emissions")
                .edge("input:targets", "crf.tags")
                .output("emissions", "emissions.out")
                .output("tags", "crf.best")
                .loss("crf.loss")
                .build();
    }
}
