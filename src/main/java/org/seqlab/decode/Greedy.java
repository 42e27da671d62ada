package org.seqlab.decode;

import java.util.Arrays;

/** Greedy decoding: the most probable next token at every step (ties: the lowest id), until end or a length. */
public final class Greedy {

    private Greedy() {
    }

    /**
     * Tokens after {@code start} (not included), up to and including {@code end} (or {@code maxTokens} of them).
     */
    public static int[] decode(NextToken model, int[] start, int end, int maxTokens) {
        if (start.length == 0) {
            throw new IllegalArgumentException("Decoding needs a start: at least the start token");
        }
        int[] seq = Arrays.copyOf(start, start.length + maxTokens);
        int n = start.length;
        for (int i = 0; i < maxTokens; i++) {
            double[] lp = model.logProbabilities(Arrays.copyOf(seq, n));
            int best = 0;
            for (int v = 1; v < lp.length; v++) {
                if (lp[v] > lp[best]) {
                    best = v;
                }
            }
            seq[n++] = best;
            if (best == end) {
                break;
            }
        }
        return Arrays.copyOfRange(seq, start.length, n);
    }
}
