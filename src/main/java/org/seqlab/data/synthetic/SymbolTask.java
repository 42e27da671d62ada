package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.data.corpus.ParallelText;
import org.seqlab.data.corpus.TextPair;

/**
 * The algorithmic seq2seq tasks on strings of symbols: copy ({@code "cab" -> "cab"}), reverse
 * ({@code "cab" -> "bac"}) and sort ({@code "cab" -> "abc"}, in alphabet order). Per example: a length uniform
 * in {@code [minLength, maxLength]}, then each symbol uniform over the alphabet. Written as a parallel TSV.
 *
 * @param kind which task
 * @param alphabet the symbols, each a distinct character that is not whitespace
 * @param minLength the shortest source (at least 1)
 * @param maxLength the longest source
 */
public record SymbolTask(Kind kind, String alphabet, int minLength, int maxLength) implements SyntheticTask<TextPair> {

    /** The three tasks. */
    public enum Kind {
        /** Target = source. */
        COPY,
        /** Target = source backwards. */
        REVERSE,
        /** Target = source's symbols in alphabet order. */
        SORT
    }

    /** The alphabet of the presets: ten letters. */
    public static final String LETTERS = "abcdefghij";

    /** Validates the alphabet and the length range. */
    public SymbolTask {
        Objects.requireNonNull(kind, "kind");
        if (alphabet.isEmpty() || alphabet.chars().distinct().count() != alphabet.length()
                || alphabet.chars().anyMatch(Character::isWhitespace)
                || alphabet.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            throw new SeqLabException("A symbol alphabet needs distinct non-whitespace characters, got '" + alphabet
                    + "'; for example \"" + LETTERS + "\".");
        }
        Sizes.range(kind + " task", "length", minLength, maxLength, 1);
    }

    /** Copy over {@link #LETTERS}. */
    public static SymbolTask copy(int minLength, int maxLength) {
        return new SymbolTask(Kind.COPY, LETTERS, minLength, maxLength);
    }

    /** Reverse over {@link #LETTERS}. */
    public static SymbolTask reverse(int minLength, int maxLength) {
        return new SymbolTask(Kind.REVERSE, LETTERS, minLength, maxLength);
    }

    /** Sort over {@link #LETTERS}. */
    public static SymbolTask sort(int minLength, int maxLength) {
        return new SymbolTask(Kind.SORT, LETTERS, minLength, maxLength);
    }

    @Override
    public List<TextPair> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<TextPair> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int length = Sizes.between(random, minLength, maxLength);
            char[] s = new char[length];
            for (int i = 0; i < length; i++) {
                s[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String source = new String(s);
            out.add(new TextPair(source, target(source)));
        }
        return out;
    }

    /** The answer for {@code source}. */
    public String target(String source) {
        return switch (kind) {
            case COPY -> source;
            case REVERSE -> new StringBuilder(source).reverse().toString();
            case SORT -> {
                char[] c = source.toCharArray();
                Integer[] order = new Integer[c.length];
                for (int i = 0; i < c.length; i++) {
                    order[i] = alphabet.indexOf(c[i]);
                }
                Arrays.sort(order);
                StringBuilder sb = new StringBuilder();
                for (int o : order) {
                    sb.append(alphabet.charAt(o));
                }
                yield sb.toString();
            }
        };
    }

    @Override
    public void write(Path file, List<TextPair> examples) {
        ParallelText.write(file, examples);
    }
}
