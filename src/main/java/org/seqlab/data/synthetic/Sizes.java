package org.seqlab.data.synthetic;

import java.util.SplittableRandom;
import org.seqlab.SeqLabException;

/** The checks and draws the tasks share. */
final class Sizes {
    private Sizes() {
    }

    static void range(String task, String what, int min, int max, int lowest) {
        if (min < lowest || max < min) {
            throw new SeqLabException(task + " needs " + lowest + " <= minimum " + what + " <= maximum " + what
                    + ", got " + min + " and " + max + ".");
        }
    }

    static void count(int count) {
        if (count < 0) {
            throw new SeqLabException("The number of examples to generate cannot be negative, got " + count + ".");
        }
    }

    static void probability(String task, String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new SeqLabException(task + ": the " + what + " is a probability between 0 and 1, got " + p + ".");
        }
    }

    /** Uniform in {@code [min, max]}. */
    static int between(SplittableRandom random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    static <T> T pick(SplittableRandom random, java.util.List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
