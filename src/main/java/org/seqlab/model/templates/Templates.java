package org.seqlab.model.templates;

import java.util.List;
import java.util.Optional;
import org.seqlab.model.graph.GraphException;

/** Every template SeqLab ships, in curriculum order. */
public final class Templates {
    private Templates() {
    }

    public static List<Template> all() {
        return List.of(
                new LanguageModel("char-rnn-lm", "Character language model on a plain tanh RNN (watch gradients vanish).",
                        LanguageModel.Config.chars("rnn_tanh")),
                new LanguageModel("char-lstm-lm", "Character language model on an LSTM: embedding, LSTM, linear decoder.",
                        LanguageModel.Config.chars("lstm")),
                new LanguageModel("char-gru-lm", "Character language model on a GRU: embedding, GRU, linear decoder.",
                        LanguageModel.Config.chars("gru")),
                new LanguageModel("word-lstm-lm", "Word language model: 2-layer LSTM with dropout (PyTorch's"
                        + " word_language_model layout).", LanguageModel.Config.words("lstm")),
                new RecurrentClassifier("lstm-classifier", "Sentiment classifier: LSTM, mean pooling, linear to 2"
                        + " classes.", RecurrentClassifier.Config.sentiment(false)),
                new RecurrentClassifier("bilstm-classifier", "Sentiment classifier: bidirectional LSTM, mean pooling,"
                        + " linear to 2 classes.", RecurrentClassifier.Config.sentiment(true)),
                new Seq2SeqAttention("seq2seq-gru-additive", "Seq2seq with Bahdanau (additive) attention: GRU encoder,"
                        + " attending GRU decoder.", Seq2SeqAttention.Config.chars("gru", "additive")),
                new Seq2SeqAttention("seq2seq-lstm-dot", "Seq2seq with Luong (dot) attention: LSTM encoder, attending"
                        + " LSTM decoder.", Seq2SeqAttention.Config.chars("lstm", "dot")),
                new TransformerClassifier(TransformerClassifier.Config.sentiment()),
                new TransformerSeq2Seq(TransformerSeq2Seq.Config.small()),
                new Bert(Bert.Config.mini()),
                new Gpt("gpt-mini", "GPT-like causal LM (nanoGPT layout, tied lm_head): 2 layers, 2 heads, d 32,"
                        + " context 32.", org.seqlab.nn.gpt.GptConfig.mini()),
                new Gpt("gpt-nanogpt-cpu", "nanoGPT's CPU preset: 4 layers, 4 heads, d 128, context 64, vocabulary"
                        + " 65.", org.seqlab.nn.gpt.GptConfig.nanoCpu()),
                new RecurrentCrfTagger(RecurrentCrfTagger.Config.ner()),
                new TransformerCrfTagger());
    }

    public static Optional<Template> find(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The template of that name, or an error listing the names. */
    public static Template get(String name) {
        return find(name).orElseThrow(() -> new GraphException("There is no template '" + name + "'. Templates: "
                + all().stream().map(Template::name).toList() + " (run 'seqlab templates' to list them)."));
    }
}
