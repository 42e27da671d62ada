package org.seqlab.nn.crf;

import java.util.Arrays;

/**
 * A decoded tag sequence and its score: start + emissions + transitions + end, the sum that Viterbi
 * maximises (the unnormalised log-probability).
 *
 * @param tags one tag index per real (unpadded) time step
 * @param score the path's score
 */
public record TagPath(int[] tags, double score) {
    public TagPath {
        tags = tags.clone();
    }

    @Override
    public int[] tags() {
        return tags.clone();
    }

    public int length() {
        return tags.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagPath p && Arrays.equals(tags, p.tags) && Double.compare(score, p.score) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tags) + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return "TagPath" + Arrays.toString(tags) + " score " + score;
    }
}
