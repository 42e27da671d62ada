package org.seqlab.nn.crf;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.SeqLabException;

/**
 * Which tags a {@link LinearChainCrf} path may start with, move between and end with.
 *
 * <p>A forbidden move is not removed from the model: its score is replaced by the fixed constant
 * {@link #DISALLOWED_SCORE} (not by -inf), the same way in the negative log-likelihood and in Viterbi.
 * The constant is finite so that the debugger's NaN/Inf breakpoints and the trace statistics stay
 * meaningful; it is large enough that {@code exp(DISALLOWED_SCORE + d)} underflows to exactly 0 in float32
 * and float64 for any score difference {@code d} below about 9000, so the results equal those of -inf:
 * forbidden paths have probability exactly zero and are never decoded.
 */
public final class TransitionConstraints {
    /** The score a forbidden start, transition or end gets in place of its parameter. */
    public static final double DISALLOWED_SCORE = -1.0e4;

    private final int numTags;
    private final List<String> tagNames;
    private final boolean[] start;
    private final boolean[][] transitions;
    private final boolean[] end;
    private final boolean unconstrained;

    private TransitionConstraints(int numTags, List<String> tagNames, boolean[] start, boolean[][] transitions,
                                  boolean[] end) {
        this.numTags = numTags;
        this.tagNames = tagNames;
        this.start = start;
        this.transitions = transitions;
        this.end = end;
        boolean all = true;
        for (int i = 0; i < numTags; i++) {
            all &= start[i] && end[i];
            for (int j = 0; j < numTags; j++) {
                all &= transitions[i][j];
            }
        }
        this.unconstrained = all;
    }

    /** Every start, transition and end allowed. */
    public static TransitionConstraints none(int numTags) {
        if (numTags < 1) {
            throw new SeqLabException("A CRF needs at least one tag; found " + numTags + ".");
        }
        boolean[] s = new boolean[numTags];
        boolean[] e = new boolean[numTags];
        boolean[][] t = new boolean[numTags][numTags];
        java.util.Arrays.fill(s, true);
        java.util.Arrays.fill(e, true);
        for (boolean[] row : t) {
            java.util.Arrays.fill(row, true);
        }
        return new TransitionConstraints(numTags, List.of(), s, t, e);
    }

    /**
     * The BIO (IOB2) scheme over tags named {@code O}, {@code B-X} and {@code I-X}: {@code I-X} only right after
     * {@code B-X} or {@code I-X} of the same type X, and never first. Every other start, transition and end is
     * allowed.
     *
     * @throws SeqLabException for a name outside the scheme, a duplicate name, or an {@code I-X} without its
     *     {@code B-X} (which no path could reach)
     */
    public static TransitionConstraints bio(List<String> tagNames) {
        int k = tagNames.size();
        if (k < 1) {
            throw new SeqLabException("BIO constraints need the tag names; found none. Give the tag vocabulary "
                    + "in index order, e.g. [O, B-PER, I-PER].");
        }
        char[] kind = new char[k];
        String[] type = new String[k];
        Set<String> seen = new HashSet<>();
        Map<String, Integer> begins = new HashMap<>();
        for (int i = 0; i < k; i++) {
            String name = tagNames.get(i);
            if (name == null || !seen.add(name)) {
                throw new SeqLabException("Tag " + i + " '" + name + "' appears twice in the tag names " + tagNames
                        + ": each tag index needs its own name.");
            }
            if (name.equals("O")) {
                kind[i] = 'O';
            } else if ((name.startsWith("B-") || name.startsWith("I-")) && name.length() > 2) {
                kind[i] = name.charAt(0);
                type[i] = name.substring(2);
                if (kind[i] == 'B') {
                    begins.put(type[i], i);
                }
            } else {
                throw new SeqLabException("Tag " + i + " '" + name + "' is not a BIO tag: expected 'O', 'B-<type>' "
                        + "or 'I-<type>'. Rename the tags to the BIO (IOB2) scheme, or build the CRF without BIO "
                        + "constraints.");
            }
        }
        for (int i = 0; i < k; i++) {
            if (kind[i] == 'I' && !begins.containsKey(type[i])) {
                throw new SeqLabException("Tag " + i + " '" + tagNames.get(i) + "' has no 'B-" + type[i]
                        + "' among the tags " + tagNames + ": under BIO constraints no path could reach it. Add 'B-"
                        + type[i] + "' to the tags, or build the CRF without BIO constraints.");
            }
        }
        boolean[] s = new boolean[k];
        boolean[] e = new boolean[k];
        boolean[][] t = new boolean[k][k];
        for (int j = 0; j < k; j++) {
            s[j] = kind[j] != 'I';
            e[j] = true;
            for (int i = 0; i < k; i++) {
                t[i][j] = kind[j] != 'I' || (kind[i] != 'O' && type[i].equals(type[j]));
            }
        }
        return new TransitionConstraints(k, List.copyOf(tagNames), s, t, e);
    }

    public int numTags() {
        return numTags;
    }

    /** True when nothing is forbidden. */
    public boolean isUnconstrained() {
        return unconstrained;
    }

    public boolean startAllowed(int tag) {
        return start[tag];
    }

    public boolean transitionAllowed(int from, int to) {
        return transitions[from][to];
    }

    public boolean endAllowed(int tag) {
        return end[tag];
    }

    /** Whether every move of {@code path} (tag indices, at least one) is allowed. */
    public boolean allows(int[] path) {
        return firstViolation(path) == null;
    }

    /**
     * The first forbidden move of {@code path} described for a user ("'O' -> 'I-PER' at t=2"), or null
     * when the path is allowed.
     */
    public String firstViolation(int[] path) {
        if (!start[path[0]]) {
            return "it starts with " + name(path[0]) + " at t=0";
        }
        for (int t = 1; t < path.length; t++) {
            if (!transitions[path[t - 1]][path[t]]) {
                return "it goes " + name(path[t - 1]) + " -> " + name(path[t]) + " at t=" + t;
            }
        }
        if (!end[path[path.length - 1]]) {
            return "it ends with " + name(path[path.length - 1]) + " at t=" + (path.length - 1);
        }
        return null;
    }

    private String name(int tag) {
        return tagNames.isEmpty() ? "tag " + tag : "'" + tagNames.get(tag) + "'";
    }
}
