package org.seqlab.model.templates;

import java.util.List;
import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A Transformer-encoder-CRF tagger: embeddings plus learned positions, a Transformer encoder, tag scores
 * ({@code emissions}) and a BIO-constrained {@code crf}, trained on the CRF's negative log-likelihood.
 */
public final class TransformerCrfTagger implements Template {

    /** Settings: vocabulary, width, heads, layers, the longest sentence, the tag names, BIO constraints. */
    public record Config(int vocab, int dModel, int heads, int layers, int maxLen, List<String> tags, boolean bio) {
        public Config {
            tags = List.copyOf(tags);
            if (vocab < 5 || dModel < 1 || heads < 1 || dModel % heads != 0 || layers < 1 || maxLen < 2
                    || tags.size() < 2) {
                throw new IllegalArgumentException("invalid transformer tagger config: vocab " + vocab + ", d "
                        + dModel + ", heads " + heads + ", layers " + layers + ", max_len " + maxLen + ", "
                        + tags.size() + " tags");
            }
        }

        /** Characters' vocabulary 100, d 32, 2 heads, 2 layers, sentences up to 128, CoNLL tags. */
        public static Config ner() {
            return new Config(100, 32, 2, 2, 128, RecurrentCrfTagger.CONLL_TAGS, true);
        }
    }

    private final Config config;

    /** The default preset ({@link Config#ner()}). */
    public TransformerCrfTagger() {
        this(Config.ner());
    }

    public TransformerCrfTagger(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "transformer-crf-tagger";
    }

    @Override
    public String summary() {
        return "Transformer-encoder-CRF named-entity tagger: 2 layers, 2 heads, d 32, BIO-constrained CRF.";
    }

    @Override
    public ModelGraph graph() {
        Config c = config;
        int d = c.dModel();
        int k = c.tags().size();
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocab()))
                .input("targets", PortType.tags(k), "zeros")
                .block("embedding", "embedding", "vocab", c.vocab(), "dim", d, "padding_idx", 0, "std", 0.02)
                .block("positions", "positional", "encoding", "learned", "max_len", c.maxLen(), "dim", d, "std", 0.02)
                .block("encoder", "transformer_encoder", "d_model", d, "n_head", c.heads(), "num_layers", c.layers(),
                        "dim_feedforward", 4 * d, "dropout", 0.1, "activation", "gelu")
                .block("emissions", "linear", "in", d, "out", k)
                .block("crf", "crf", "tags", k, "tag_names", String.join(",", c.tags()), "bio",
                        c.bio())
                .edge("input:tokens", "embedding.ids")
                .edge("embedding.out", "positions.in")
                .edge("positions.out", "encoder.in")
                .edge("encoder.out", "emissions.in")
                .edge("emissions.out", "crf.emissions")
                .edge("input:targets", "crf.tags")
                .output("emissions", "emissions.out")
                .output("tags", "crf.best")
                .loss("crf.loss")
                .build();
    }
}
