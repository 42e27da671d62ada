package org.seqlab.ui.viz;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link HeadView} draws: one attention head's weights between query tokens (left) and key tokens (right),
 * and which pairs were masked.
 *
 * @param queryTokens one label per query, T of them
 * @param keyTokens one label per key, S of them
 * @param weights T × S, each row a softmax (sums to 1 over its unmasked keys)
 * @param mask T × S, true where the key was masked for that query; null when nothing was masked
 * @param queryTitle the left column's heading ({@code queries (target)})
 * @param keyTitle the right column's heading ({@code keys (source)})
 */
public record HeadViewData(List<String> queryTokens, List<String> keyTokens, double[][] weights, boolean[][] mask,
                           String queryTitle, String keyTitle) {

    public HeadViewData {
        queryTokens = List.copyOf(queryTokens);
        keyTokens = List.copyOf(keyTokens);
        Objects.requireNonNull(weights, "weights");
        queryTitle = queryTitle == null ? "" : queryTitle;
        keyTitle = keyTitle == null ? "" : keyTitle;
        if (weights.length != queryTokens.size()) {
            throw new IllegalArgumentException("A head view needs one row of weights per query token: "
                    + queryTokens.size() + " tokens, " + weights.length + " rows");
        }
        double[][] w = new double[weights.length][];
        for (int t = 0; t < weights.length; t++) {
            if (weights[t].length != keyTokens.size()) {
                throw new IllegalArgumentException("Row " + t + " of the weights has " + weights[t].length
                        + " values; there are " + keyTokens.size() + " key tokens");
            }
            w[t] = weights[t].clone();
        }
        weights = w;
        if (mask != null) {
            boolean[][] m = new boolean[mask.length][];
            if (mask.length != weights.length) {
                throw new IllegalArgumentException("The mask has " + mask.length + " rows; the weights have "
                        + weights.length);
            }
            for (int t = 0; t < mask.length; t++) {
                if (mask[t].length != keyTokens.size()) {
                    throw new IllegalArgumentException("Row " + t + " of the mask has " + mask[t].length
                            + " cells; there are " + keyTokens.size() + " key tokens");
                }
                m[t] = mask[t].clone();
            }
            mask = m;
        }
    }

    /** T, the number of queries. */
    public int queries() {
        return queryTokens.size();
    }

    /** S, the number of keys. */
    public int keys() {
        return keyTokens.size();
    }

    public double weight(int query, int key) {
        return weights[query][key];
    }

    public boolean isMasked(int query, int key) {
        return mask != null && mask[query][key];
    }

    @Override
    public double[][] weights() {
        double[][] copy = new double[weights.length][];
        for (int t = 0; t < weights.length; t++) {
            copy[t] = weights[t].clone();
        }
        return copy;
    }

    @Override
    public boolean[][] mask() {
        if (mask == null) {
            return null;
        }
        boolean[][] copy = new boolean[mask.length][];
        for (int t = 0; t < mask.length; t++) {
            copy[t] = mask[t].clone();
        }
        return copy;
    }
}
