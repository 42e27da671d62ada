package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A Transformer-encoder-CRF tagger: embeddings plus learned positions, a Transformer encoder, tag scores
 * ({@code emissions}) and a BIO-constrained {@code crf}, trained on the CRF's negative log-likelihood.
 */
public final class TransformerCrfTagger implements Template {
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
        int d = 32;
        int k = RecurrentCrfTagger.CONLL_TAGS.size();
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(100))
                .input("targets", PortType.tags(k), "zeros")
                .block("embedding", "embedding", "vocab", 100, "dim", d, "padding_idx", 0, "std", 0.02)
                .block("positions", "positional", "encoding", "learned", "max_len", 128, "dim", d, "std", 0.02)
                .block("encoder", "transformer_encoder", "d_model", d, "n_head", 2, "num_layers", 2, "dim_feedforward",
                        4 * d, "dropout", 0.1, "activation", "gelu")
                .block("emissions", "linear", "in", d, "out", k)
                .block("crf", "crf", "tags", k, "tag_names", String.join(",", RecurrentCrfTagger.CONLL_TAGS), "bio",
                        true)
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
