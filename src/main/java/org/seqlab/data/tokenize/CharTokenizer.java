package org.seqlab.data.tokenize;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Characters as tokens (Unicode code points, so emoji and CJK are one token each).
 *
 * <p>{@link #defaultFor(int)} is the documented character vocabulary used when a model comes without one:
 * ids 0-3 are {@code <pad> <unk> <bos> <eos>}, then characters in this order of priority, as many as fit:
 * newline, space, {@code a-z}, {@code A-Z}, {@code . , ! ? ' " : ; -}, {@code 0-9}, then the remaining
 * printable ASCII characters in code order. A vocabulary of 100 holds all of printable ASCII; characters
 * that do not fit map to {@code <unk>}.
 */
public final class CharTokenizer implements Tokenizer {
    private final Vocabulary vocabulary;

    public CharTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** The default character vocabulary of exactly {@code size} tokens (at least 5). */
    public static CharTokenizer defaultFor(int size) {
        if (size < 5) {
            throw new IllegalArgumentException("a character vocabulary needs at least 5 entries (4 special tokens and"
                    + " one character); found " + size);
        }
        Set<String> order = new LinkedHashSet<>();
        order.add("\n");
        order.add(" ");
        for (char c = 'a'; c <= 'z'; c++) {
            order.add(String.valueOf(c));
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            order.add(String.valueOf(c));
        }
        for (char c : ".,!?'\":;-".toCharArray()) {
            order.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            order.add(String.valueOf(c));
        }
        for (char c = 32; c < 127; c++) {
            order.add(String.valueOf(c));
        }
        List<String> chars = new ArrayList<>(order).subList(0, Math.min(order.size(), size - 4));
        List<String> padded = new ArrayList<>(chars);
        for (int i = 0; padded.size() < size - 4; i++) {
            padded.add("<unused" + i + ">");
        }
        return new CharTokenizer(Vocabulary.withSpecials(padded));
    }

    /** A vocabulary of every distinct character of {@code text}, in order of first appearance, after the specials. */
    public static CharTokenizer fromText(String text) {
        Set<String> seen = new LinkedHashSet<>();
        text.codePoints().forEach(cp -> seen.add(new String(Character.toChars(cp))));
        return new CharTokenizer(Vocabulary.withSpecials(new ArrayList<>(seen)));
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public String token(int id) {
        return vocabulary.token(id);
    }

    /** The code points of {@code text}, one string each (characters outside the vocabulary included as they are). */
    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(cp -> vocabulary.id(new String(Character.toChars(cp)))).toArray();
    }

    /** The characters of {@code ids}; special tokens are left out. */
    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (!vocabulary.isSpecial(id)) {
                sb.append(vocabulary.token(id));
            }
        }
        return sb.toString();
    }
}
