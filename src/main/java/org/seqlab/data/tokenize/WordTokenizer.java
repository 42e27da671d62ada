package org.seqlab.data.tokenize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.SeqLabException;

/**
 * Words as tokens: the text is split at whitespace, and every punctuation or symbol character is a
 * token of its own. A word is a maximal run of letters, digits and combining marks (so {@code café}
 * and {@code naïve} stay whole, {@code can't} is {@code can ' t}); scripts written without spaces
 * (Chinese, Japanese) are not segmented further. Optionally the text is lower-cased first
 * ({@link Locale#ROOT}).
 *
 * <p>The vocabulary is {@code <pad> <unk> <bos> <eos>} and then the words of a corpus (see
 * {@link #train}); a word outside it encodes as {@code <unk>}.
 *
 * <p>{@code decode} joins tokens with single spaces, so {@code decode(encode(s))} equals {@code s}
 * only up to spacing (and case, when lower-casing, and unknown words, which come back as
 * {@code <unk>}): {@code "Hello, world!"} comes back as {@code "Hello , world !"}.
 */
public final class WordTokenizer implements Tokenizer {
    private final Vocabulary vocabulary;
    private final boolean lowerCase;

    /** A tokenizer over {@code vocabulary}, which must have an unknown token; {@code lowerCase} before splitting. */
    public WordTokenizer(Vocabulary vocabulary, boolean lowerCase) {
        if (vocabulary.unkId() < 0) {
            throw new SeqLabException("A word tokenizer needs a vocabulary with an unknown token, found none among its "
                    + vocabulary.size() + " tokens. Fix: build it with Vocabulary.withSpecials.");
        }
        this.vocabulary = vocabulary;
        this.lowerCase = lowerCase;
    }

    /**
     * The vocabulary of {@code corpus}: the 4 specials, then every word that occurs at least {@code minCount}
     * times, most frequent first (equal counts in {@link String#compareTo} order), cut so that the vocabulary
     * holds at most {@code maxSize} tokens in all.
     */
    public static WordTokenizer train(Iterable<String> corpus, int minCount, int maxSize, boolean lowerCase) {
        if (minCount < 1) {
            throw new SeqLabException("A word vocabulary's minimum count must be at least 1, found " + minCount + ".");
        }
        if (maxSize < 4) {
            throw new SeqLabException("A word vocabulary needs room for its 4 special tokens: expected a maximum size"
                    + " of at least 4, found " + maxSize + ". Fix: raise maxSize.");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String text : corpus) {
            for (String word : split(text, lowerCase)) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        counts.keySet().removeAll(List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS));
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount);
        entries.sort((a, b) -> !a.getValue().equals(b.getValue()) ? b.getValue() - a.getValue()
                : a.getKey().compareTo(b.getKey()));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < entries.size() && i < maxSize - 4; i++) {
            words.add(entries.get(i).getKey());
        }
        return new WordTokenizer(Vocabulary.withSpecials(words), lowerCase);
    }

    /** The words and punctuation of {@code text} (see the class comment), lower-cased first if asked. */
    public static List<String> split(String text, boolean lowerCase) {
        String s = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isWordChar(cp)) {
                word.appendCodePoint(cp);
                continue;
            }
            if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                out.add(new String(Character.toChars(cp)));
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    private static boolean isWordChar(int cp) {
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public boolean lowerCase() {
        return lowerCase;
    }

    @Override
    public List<String> tokenize(String text) {
        return split(text, lowerCase);
    }

    @Override
    public int[] encode(String text) {
        return tokenize(text).stream().mapToInt(vocabulary::id).toArray();
    }

    /** The tokens joined by single spaces; {@code <pad> <bos> <eos>} are left out, {@code <unk>} stays visible. */
    @Override
    public String decode(int[] ids) {
        List<String> words = new ArrayList<>();
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (id == vocabulary.unkId() || !vocabulary.isSpecial(id)) {
                words.add(token);
            }
        }
        return String.join(" ", words);
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public String token(int id) {
        return vocabulary.token(id);
    }
}
