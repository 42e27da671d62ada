package org.seqlab.decode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.NoGrad;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

/**
 * A compiled graph as a {@link NextToken}: a language model reading the prefix as its {@code tokens} (cut to its
 * last {@code context} tokens), or a seq2seq model reading a fixed source as {@code src} and the prefix as its
 * {@code decoder_input}. Runs in evaluation mode without a tape and reads the last position of its
 * {@code logits} output (1, T, V).
 */
public final class GraphNextToken implements NextToken {

    private final GraphModel model;
    private final long[] source;
    private final int context;

    private GraphNextToken(GraphModel model, long[] source, int context) {
        this.model = Objects.requireNonNull(model, "model");
        this.source = source;
        this.context = context;
    }

    /** A language model whose input is {@code tokens}; at most {@code context} tokens are read (0: all). */
    public static GraphNextToken languageModel(GraphModel model, int context) {
        requireInput(model, "tokens");
        return new GraphNextToken(model, null, context);
    }

    /** A seq2seq model with inputs {@code src} and {@code decoder_input}, translating {@code source}. */
    public static GraphNextToken seq2seq(GraphModel model, long[] source) {
        requireInput(model, "src");
        requireInput(model, "decoder_input");
        if (source.length == 0) {
            throw new SeqLabException("The source to translate is empty: give at least one token.");
        }
        return new GraphNextToken(model, source.clone(), 0);
    }

    private static void requireInput(GraphModel model, String name) {
        if (model.graph().input(name).isEmpty()) {
            throw new SeqLabException("The model '" + model.graph().name() + "' has no input '" + name + "' to decode"
                    + " with; its inputs are " + model.graph().inputs().stream().map(i -> i.name()).toList() + ".");
        }
    }

    @Override
    public double[] logProbabilities(int[] prefix) {
        int from = context > 0 && prefix.length > context ? prefix.length - context : 0;
        long[] ids = Arrays.stream(prefix, from, prefix.length).asLongStream().toArray();
        Map<String, Flow> inputs = new LinkedHashMap<>();
        Flow tokens = Flow.of(Tensor.indices(ids, 1, ids.length));
        if (source == null) {
            inputs.put("tokens", tokens);
        } else {
            inputs.put("src", Flow.of(Tensor.indices(source, 1, source.length)));
            inputs.put("decoder_input", tokens);
            inputs.put("targets", tokens);       // the loss is not used; targets only need the prefix's length
        }
        boolean training = model.isTraining();
        model.train(false);
        try (NoGrad g = NoGrad.enter()) {
            Tensor logits = model.forward(inputs).output("logits");      // (1, T, V)
            long v = logits.size(logits.rank() - 1);
            double[] all = logits.toDoubleArray();
            double[] last = Arrays.copyOfRange(all, (int) (all.length - v), all.length);
            return NextToken.logSoftmax(last);
        } finally {
            model.train(training);
            org.seqlab.autograd.OffHeap.release();
        }
    }
}
