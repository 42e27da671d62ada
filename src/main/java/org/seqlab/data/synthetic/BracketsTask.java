package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.LabelledText;

/**
 * Balanced brackets: label 1 ({@code balanced}) when every bracket closes the latest open one of its kind and
 * none stays open, else 0 ({@code unbalanced}). All strings have even length, so length gives nothing away.
 * Per example: balanced or not with probability 1/2; an even length uniform in {@code [minLength, maxLength]};
 * a balanced string is a random walk that opens (with probability 1/2 while there is room) or closes the latest
 * open bracket, kinds uniform; an unbalanced one is a balanced string with one position replaced by another
 * bracket character (which always unbalances it). The label is computed by {@link #isBalanced}, never assumed.
 *
 * @param pairs opening and closing characters in pairs, e.g. {@code "()[]"}
 * @param minLength shortest string (at least 2; odd bounds are rounded inwards to even)
 * @param maxLength longest string
 */
public record BracketsTask(String pairs, int minLength, int maxLength) implements SyntheticTask<LabelledExample> {
    /** Label names by id. */
    public static final List<String> LABELS = List.of("unbalanced", "balanced");

    /** Validates the pairs and the length range. */
    public BracketsTask {
        if (pairs.isEmpty() || pairs.length() % 2 != 0 || pairs.chars().distinct().count() != pairs.length()) {
            throw new SeqLabException("Bracket pairs are distinct opening/closing characters in pairs, like \"()[]\";"
                    + " got '" + pairs + "'.");
        }
        Sizes.range("Brackets", "length", minLength, maxLength, 2);
        if ((minLength + 1) / 2 > maxLength / 2) {
            throw new SeqLabException("Brackets needs an even length between " + minLength + " and " + maxLength
                    + "; widen the range.");
        }
    }

    /** Round brackets only. */
    public static BracketsTask round(int minLength, int maxLength) {
        return new BracketsTask("()", minLength, maxLength);
    }

    @Override
    public List<LabelledExample> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledExample> out = new ArrayList<>(count);
        int kinds = pairs.length() / 2;
        for (int n = 0; n < count; n++) {
            boolean balanced = random.nextBoolean();
            int length = 2 * Sizes.between(random, (minLength + 1) / 2, maxLength / 2);
            StringBuilder sb = new StringBuilder(length);
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < length; i++) {
                int remaining = length - i;
                boolean canOpen = open.size() + 1 <= remaining - 1;
                if (open.isEmpty() || (canOpen && random.nextBoolean())) {
                    int kind = random.nextInt(kinds);
                    open.push(kind);
                    sb.append(pairs.charAt(2 * kind));
                } else {
                    sb.append(pairs.charAt(2 * open.pop() + 1));
                }
            }
            if (!balanced) {
                int at = random.nextInt(length);
                char old = sb.charAt(at);
                char replacement;
                do {
                    replacement = pairs.charAt(random.nextInt(pairs.length()));
                } while (replacement == old);
                sb.setCharAt(at, replacement);
            }
            String s = sb.toString();
            out.add(new LabelledExample(s, isBalanced(s, pairs) ? 1 : 0));
        }
        return out;
    }

    /** Whether {@code s} is balanced over {@code pairs}; a character that is no bracket makes it unbalanced. */
    public static boolean isBalanced(String s, String pairs) {
        Deque<Character> stack = new ArrayDeque<>();
        for (char c : s.toCharArray()) {
            int i = pairs.indexOf(c);
            if (i < 0) {
                return false;
            }
            if (i % 2 == 0) {
                stack.push(c);
            } else if (stack.isEmpty() || stack.pop() != pairs.charAt(i - 1)) {
                return false;
            }
        }
        return stack.isEmpty();
    }

    @Override
    public void write(Path file, List<LabelledExample> examples) {
        LabelledText.write(file, examples, LABELS);
    }
}
