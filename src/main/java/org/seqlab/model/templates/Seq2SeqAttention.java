package org.seqlab.model.templates;

import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;

/**
 * Sequence to sequence with attention (Bahdanau et al. 2015; Luong et al. 2015): a recurrent
 * {@code encoder} over the embedded source, a {@code decoder} that attends over the encoder's outputs at
 * every step (additive, dot or general attention) starting from the encoder's final state, and a
 * {@code generator} to the target vocabulary; teacher-forced, trained with cross-entropy.
 */
public final class Seq2SeqAttention extends PresetTemplate<Seq2SeqAttention.Config> {

    /** Settings; {@code cell} is gru or lstm, {@code attention} additive, dot or general. */
    public record Config(String cell, String attention, int srcVocab, int tgtVocab, int embed, int hidden,
                         double labelSmoothing) {
        /** Without label smoothing. */
        public Config(String cell, String attention, int srcVocab, int tgtVocab, int embed, int hidden) {
            this(cell, attention, srcVocab, tgtVocab, embed, hidden, 0.0);
        }

        public Config {
            if (labelSmoothing < 0 || labelSmoothing >= 1) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1); found " + labelSmoothing);
            }
            if (!cell.equals("gru") && !cell.equals("lstm")) {
                throw new IllegalArgumentException("cell must be gru or lstm; found " + cell);
            }
            if (!attention.equals("additive") && !attention.equals("dot") && !attention.equals("general")) {
                throw new IllegalArgumentException("attention must be additive, dot or general; found " + attention);
            }
            if (srcVocab < 5 || tgtVocab < 5 || embed < 1 || hidden < 1) {
                throw new IllegalArgumentException("invalid seq2seq config");
            }
        }

        /** Characters in and out (vocabulary 100), 32 / 64. */
        public Config withSizes(int newSrcVocab, int newTgtVocab, int newEmbed, int newHidden) {
            return new Config(cell, attention, newSrcVocab, newTgtVocab, newEmbed, newHidden, labelSmoothing);
        }

        public Config withLabelSmoothing(double eps) {
            return new Config(cell, attention, srcVocab, tgtVocab, embed, hidden, eps);
        }

        public static Config chars(String cell, String attention) {
            return new Config(cell, attention, 100, 100, 32, 64);
        }
    }

    public Seq2SeqAttention(String name, String summary, Config config) {
        super(name, summary, config);
    }

    @Override
    public ModelGraph graph() {
        Config c = config();
        return GraphBuilder.named(name()).description(summary())
                .input("src", PortType.tokens(c.srcVocab()))
                .input("targets", PortType.tokens(c.tgtVocab()), "copy:src")
                .input("decoder_input", PortType.tokens(c.tgtVocab()), "shift_right:targets")
                .block("encoder_embedding", "embedding", "vocab", c.srcVocab(), "dim", c.embed(), "padding_idx", 0)
                .block("encoder", "recurrent", "cell", c.cell(), "input_size", c.embed(), "hidden_size", c.hidden())
                .block("decoder_embedding", "embedding", "vocab", c.tgtVocab(), "dim", c.embed(), "padding_idx", 0)
                .block("decoder", "attention_decoder", "cell", c.cell(), "input_size", c.embed(), "hidden_size",
                        c.hidden(), "memory_size", c.hidden(), "attention", c.attention())
                .block("generator", "linear", "in", c.hidden(), "out", c.tgtVocab())
                .block("loss", "cross_entropy", "classes", c.tgtVocab(), "label_smoothing", c.labelSmoothing())
                .edge("input:src", "encoder_embedding.ids")
                .edge("encoder_embedding.out", "encoder.in")
                .edge("input:decoder_input", "decoder_embedding.ids")
                .edge("decoder_embedding.out", "decoder.in")
                .edge("encoder.memory", "decoder.memory")
                .edge("encoder.final", "decoder.init")
                .edge("decoder.out", "generator.in")
                .edge("generator.out", "loss.logits")
                .edge("input:targets", "loss.targets")
                .output("logits", "generator.out")
                .loss("loss.loss")
                .build();
    }
}
