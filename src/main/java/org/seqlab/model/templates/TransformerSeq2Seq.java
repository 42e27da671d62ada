package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * The Transformer of Vaswani et al. (2017): embeddings scaled by sqrt(d) plus sinusoidal positions, an
 * encoder stack and a decoder stack with PyTorch's {@code nn.Transformer} names
 * ({@code transformer.encoder.layers.0...}, final norms), a {@code generator} to the target vocabulary;
 * teacher-forced, trained with label-smoothed cross-entropy (0.1, as the paper).
 */
public final class TransformerSeq2Seq implements Template {

    /** Settings. */
    public record Config(int srcVocab, int tgtVocab, int dModel, int heads, int layers, int dFf, int maxLen,
                         double dropout, double labelSmoothing) {
        public Config {
            if (srcVocab < 5 || tgtVocab < 5 || dModel < 1 || heads < 1 || layers < 1 || dFf < 1 || maxLen < 1) {
                throw new IllegalArgumentException("invalid transformer config");
            }
            if (labelSmoothing < 0 || labelSmoothing >= 1) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1); found " + labelSmoothing);
            }
        }

        /** The paper's label smoothing of 0.1. */
        public Config(int srcVocab, int tgtVocab, int dModel, int heads, int layers, int dFf, int maxLen,
                      double dropout) {
            this(srcVocab, tgtVocab, dModel, heads, layers, dFf, maxLen, dropout, 0.1);
        }

        public Config withLabelSmoothing(double eps) {
            return new Config(srcVocab, tgtVocab, dModel, heads, layers, dFf, maxLen, dropout, eps);
        }

        /** Small enough to step through: d 32, 2 heads, 2 + 2 layers, d_ff 64, characters. */
        public static Config small() {
            return new Config(100, 100, 32, 2, 2, 64, 128, 0.1);
        }

        /** The paper's base model sizes (d 512, 8 heads, 6 + 6 layers, d_ff 2048) on a 10 000-token vocabulary. */
        public static Config base() {
            return new Config(10000, 10000, 512, 8, 6, 2048, 512, 0.1);
        }
    }

    private final Config config;

    public TransformerSeq2Seq(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "transformer-seq2seq";
    }

    @Override
    public String summary() {
        return "The Transformer (Vaswani et al.): encoder-decoder with multi-head attention, d 32, 2 + 2 layers.";
    }

    @Override
    public ModelGraph graph() {
        Config c = config;
        Object[] stack = {"d_model", c.dModel(), "n_head", c.heads(), "num_layers", c.layers(), "dim_feedforward",
            c.dFf(), "dropout", c.dropout(), "final_norm", true};
        return GraphBuilder.named(name()).description(summary())
                .input("src", PortType.tokens(c.srcVocab()))
                .input("targets", PortType.tokens(c.tgtVocab()), "copy:src")
                .input("decoder_input", PortType.tokens(c.tgtVocab()), "shift_right:targets")
                .block("src_embed", "embedding", "vocab", c.srcVocab(), "dim", c.dModel(), "padding_idx", 0,
                        "scale", true)
                .block("src_positions", "positional", "encoding", "sinusoidal", "max_len", c.maxLen(), "dim",
                        c.dModel())
                .block("transformer.encoder", "transformer_encoder", stack)
                .block("tgt_embed", "embedding", "vocab", c.tgtVocab(), "dim", c.dModel(), "padding_idx", 0,
                        "scale", true)
                .block("tgt_positions", "positional", "encoding", "sinusoidal", "max_len", c.maxLen(), "dim",
                        c.dModel())
                .block("transformer.decoder", "transformer_decoder", stack)
                .block("generator", "linear", "in", c.dModel(), "out", c.tgtVocab())
                .block("loss", "cross_entropy", "classes", c.tgtVocab(), "label_smoothing", c.labelSmoothing())
                .edge("input:src", "src_embed.ids")
                .edge("src_embed.out", "src_positions.in")
                .edge("src_positions.out", "transformer.encoder.in")
                .edge("input:decoder_input", "tgt_embed.ids")
                .edge("tgt_embed.out", "tgt_positions.in")
                .edge("tgt_positions.out", "transformer.decoder.in")
                .edge("transformer.encoder.memory", "transformer.decoder.memory")
                .edge("transformer.decoder.out", "generator.in")
                .edge("generator.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "generator.out")
                .loss("loss.loss")
                .build();
    }
}
