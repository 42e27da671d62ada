package org.seqlab.io.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Tensor;
import org.seqlab.data.tokenize.CharTokenizer;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.InputSpec;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortKind;

/**
 * Turns what a user types into a model's inputs (a batch of one): text is tokenized with the model's
 * vocabulary (or, for a model without one, the default character vocabulary of its size — see
 * {@link CharTokenizer#defaultFor}); a list of integers ({@code 12 5 7} or {@code 12,5,7}) is taken as ids.
 *
 * <p>{@code input} goes to the model's first token input without a default rule; {@code target} (optional)
 * to its input named {@code targets}. Inputs left out are made by their default rules.
 */
public final class TextInputs {
    private static final Pattern IDS = Pattern.compile("\\s*-?\\d+(\\s*[,\\s]\\s*-?\\d+)*\\s*");

    /** The encoded inputs, and how the text was read (for the trace's header). */
    public record Encoded(Map<String, Flow> inputs, String mainInput, long[] ids, String vocabulary) {
    }

    private TextInputs() {
    }

    public static Encoded encode(ModelGraph graph, Vocabulary vocabulary, String input, String target) {
        InputSpec main = graph.inputs().stream()
                .filter(i -> i.type().kind() == PortKind.TOKENS && i.defaultRule() == null)
                .findFirst()
                .orElseThrow(() -> new SeqLabException("The model '" + graph.name() + "' has no token input to put the"
                        + " text in; its inputs are " + graph.inputs().stream().map(InputSpec::name).toList() + "."));
        int vocab = (int) main.type().dim();
        String vocabName;
        CharTokenizer tokenizer;
        if (vocabulary != null) {
            if (vocabulary.size() != vocab) {
                throw new SeqLabException("The vocabulary has " + vocabulary.size() + " tokens but the model's input '"
                        + main.name() + "' expects " + vocab + ": use the vocabulary the model was trained with.");
            }
            tokenizer = new CharTokenizer(vocabulary);
            vocabName = "checkpoint";
        } else {
            tokenizer = CharTokenizer.defaultFor(vocab);
            vocabName = "default-char-" + vocab;
        }
        Map<String, Flow> inputs = new LinkedHashMap<>();
        long[] ids = ids(input, tokenizer, vocab, "--input");
        inputs.put(main.name(), Flow.of(Tensor.indices(ids, 1, ids.length)));
        if (target != null) {
            InputSpec t = graph.input("targets").orElseThrow(() -> new SeqLabException("The model '" + graph.name()
                    + "' takes no target (it has no input named 'targets'); leave out --target."));
            long n = t.type().dim();
            switch (t.type().kind()) {
                case LABELS: {
                    long[] label = ids(target, null, n, "--target");
                    if (label.length != 1) {
                        throw new SeqLabException("--target must be one class id (0.." + (n - 1) + ") for this"
                                + " classifier; found " + label.length + " numbers.");
                    }
                    inputs.put("targets", Flow.of(Tensor.indices(label, 1)));
                    break;
                }
                case TAGS: {
                    long[] tags = ids(target, null, n, "--target");
                    requireLength(tags, ids, "tags");
                    inputs.put("targets", Flow.of(Tensor.indices(tags, 1, tags.length)));
                    break;
                }
                default: {
                    long[] tok = ids(target, tokenizer, n, "--target");
                    inputs.put("targets", Flow.of(Tensor.indices(tok, 1, tok.length)));
                    break;
                }
            }
        }
        return new Encoded(inputs, main.name(), ids, vocabName);
    }

    private static void requireLength(long[] tags, long[] ids, String what) {
        if (tags.length != ids.length) {
            throw new SeqLabException("--target gives " + tags.length + " " + what + " but the input has " + ids.length
                    + " tokens: give one " + what.substring(0, what.length() - 1) + " per token.");
        }
    }

    /** Ids from "12 5 7" / "12,5,7", or text through the tokenizer; every id checked against the range. */
    static long[] ids(String text, CharTokenizer tokenizer, long range, String option) {
        if (text.isEmpty()) {
            throw new SeqLabException(option + " is empty: give some text or a list of ids.");
        }
        long[] ids;
        if (IDS.matcher(text).matches() || tokenizer == null) {
            if (!IDS.matcher(text).matches()) {
                throw new SeqLabException(option + " must be numbers here (ids 0.." + (range - 1) + "); found \""
                        + text + "\".");
            }
            List<Long> list = new ArrayList<>();
            for (String part : text.trim().split("[,\\s]+")) {
                list.add(Long.parseLong(part));
            }
            ids = list.stream().mapToLong(Long::longValue).toArray();
        } else {
            ids = java.util.Arrays.stream(tokenizer.encode(text)).asLongStream().toArray();
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= range) {
                throw new SeqLabException(option + ": id " + ids[i] + " at position " + i + " is outside the model's "
                        + range + " ids (0.." + (range - 1) + "). Give ids in that range"
                        + (tokenizer == null ? "." : ", or text."));
            }
        }
        return ids;
    }
}
