package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * A BERT-like encoder pretrained with masked language modelling and next-sentence prediction (Devlin et al.
 * 2019), named after Hugging Face's {@code BertForPreTraining} where the parts match: {@code bert.embeddings}
 * (word + position + token type, LayerNorm, dropout), {@code bert.encoder} (post-norm GELU Transformer
 * layers), {@code bert.pooler} (the [CLS] position through a tanh layer), {@code cls.predictions} (transform,
 * LayerNorm, decoder tied to the word embeddings) and {@code cls.seq_relationship}. The loss is the MLM loss
 * (targets -100 where not masked) plus the NSP loss.
 */
public final class Bert implements Template {

    /** Settings. */
    public record Config(int vocab, int hidden, int heads, int layers, int intermediate, int maxLen, int classes) {
        /** With the two-way next-sentence head. */
        public Config(int vocab, int hidden, int heads, int layers, int intermediate, int maxLen) {
            this(vocab, hidden, heads, layers, intermediate, maxLen, 2);
        }

        public Config {
            if (vocab < 5 || hidden < 1 || heads < 1 || layers < 1 || intermediate < 1 || maxLen < 2 || classes < 2) {
                throw new IllegalArgumentException("invalid BERT config");
            }
        }

        /** Small enough to step through: hidden 32, 2 heads, 2 layers, intermediate 64, characters. */
        public static Config mini() {
            return new Config(100, 32, 2, 2, 64, 128);
        }
    }

    private final Config config;

    public Bert(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "bert-mini";
    }

    @Override
    public String summary() {
        return "BERT-like encoder with masked-LM and next-sentence heads: hidden 32, 2 layers, 2 heads.";
    }

    @Override
    public ModelGraph graph() {
        Config c = config;
        int d = c.hidden();
        return GraphBuilder.named(name()).description(summary())
                .input("tokens", PortType.tokens(c.vocab()))
                .input("segments", PortType.tokens(2), "zeros")
                .input("mlm_labels", PortType.tokens(c.vocab()), "copy:tokens")
                .input("nsp_labels", PortType.labels(c.classes()), "zeros")
                .block("bert.embeddings.word_embeddings", "embedding", "vocab", c.vocab(), "dim", d, "padding_idx", 0,
                        "std", 0.02)
                .block("bert.embeddings.position_embeddings", "positional", "encoding", "learned", "max_len",
                        c.maxLen(), "dim", d, "std", 0.02)
                .block("bert.embeddings.token_type_embeddings", "embedding", "vocab", 2, "dim", d, "std", 0.02)
                .block("bert.embeddings.sum", "add")
                .block("bert.embeddings.LayerNorm", "layer_norm", "dim", d, "eps", 1e-12)
                .block("bert.embeddings.dropout", "dropout", "p", 0.1)
                .block("bert.encoder", "transformer_encoder", "d_model", d, "n_head", c.heads(), "num_layers",
                        c.layers(), "dim_feedforward", c.intermediate(), "dropout", 0.1, "activation", "gelu",
                        "layer_norm_eps", 1e-12)
                .block("cls.predictions.transform.dense", "linear", "in", d, "out", d)
                .block("cls.predictions.transform.act", "activation", "function", "gelu")
                .block("cls.predictions.transform.LayerNorm", "layer_norm", "dim", d, "eps", 1e-12)
                .block("cls.predictions.decoder", "linear", "in", d, "out", c.vocab())
                .block("mlm_loss", "cross_entropy", "classes", c.vocab())
                .block("bert.pooler.first", "pool", "mode", "first")
                .block("bert.pooler.dense", "linear", "in", d, "out", d, "over", "vector")
                .block("bert.pooler.activation", "activation", "function", "tanh", "over", "vector")
                .block("cls.seq_relationship", "linear", "in", d, "out", c.classes(), "over", "vector")
                .block("nsp_loss", "cross_entropy", "classes", c.classes(), "targets", "labels")
                .edge("input:tokens", "bert.embeddings.word_embeddings.ids")
                .edge("bert.embeddings.word_embeddings.out", "bert.embeddings.position_embeddings.in")
                .edge("input:segments", "bert.embeddings.token_type_embeddings.ids")
                .edge("bert.embeddings.position_embeddings.out", "bert.embeddings.sum.a")
                .edge("bert.embeddings.token_type_embeddings.out", "bert.embeddings.sum.b")
                .edge("bert.embeddings.sum.out", "bert.embeddings.LayerNorm.in")
                .edge("bert.embeddings.LayerNorm.out", "bert.embeddings.dropout.in")
                .edge("bert.embeddings.dropout.out", "bert.encoder.in")
                .edge("bert.encoder.out", "cls.predictions.transform.dense.in")
                .edge("cls.predictions.transform.dense.out", "cls.predictions.transform.act.in")
                .edge("cls.predictions.transform.act.out", "cls.predictions.transform.LayerNorm.in")
                .edge("cls.predictions.transform.LayerNorm.out", "cls.predictions.decoder.in")
                .edge("cls.predictions.decoder.out", "mlm_loss.logits")
                .edge("input:mlm_labels", "mlm_loss.targets")
                .edge("bert.encoder.out", "bert.pooler.first.in")
                .edge("bert.pooler.first.out", "bert.pooler.dense.in")
                .edge("bert.pooler.dense.out", "bert.pooler.activation.in")
                .edge("bert.pooler.activation.out", "cls.seq_relationship.in")
                .edge("cls.seq_relationship.out", "nsp_loss.logits")
                .edge("input:nsp_labels", "nsp_loss.targets")
                .output("mlm_logits", "cls.predictions.decoder.out")
                .output("nsp_logits", "cls.seq_relationship.out")
                .loss("mlm_loss.loss")
                .loss("nsp_loss.loss")
                .tie("cls.predictions.decoder.weight", "bert.embeddings.word_embeddings.weight")
                .build();
    }
}
