package org.seqlab.nn.crf;

import java.util.Arrays;

/**
 * The oracle of the CRF tests: enumerates every tag path of one sequence (every allowed one, under
 * constraints) and computes the log-partition, path scores, the best path and the tag marginals directly
 * from the definition, in plain Java doubles.
 */
final class BruteForceCrf {
    private final double[] start;
    private final double[] end;
    private final double[][] transitions;
    private final TransitionConstraints constraints;
    private final int k;

    BruteForceCrf(LinearChainCrf crf) {
        this.k = crf.numTags();
        this.start = crf.startTransitions().get().toDoubleArray();
        this.end = crf.endTransitions().get().toDoubleArray();
        double[] flat = crf.transitions().get().toDoubleArray();
        this.transitions = new double[k][k];
        for (int i = 0; i < k; i++) {
            transitions[i] = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
        }
        this.constraints = crf.constraints();
    }

    /** The emissions of sequence {@code s} of a (B, T, K) tensor's values, first {@code len} steps: (len, K). */
    static double[][] sequence(double[] emissions, int steps, int k, int s, int len) {
        double[][] e = new double[len][];
        for (int t = 0; t < len; t++) {
            int from = (s * steps + t) * k;
            e[t] = Arrays.copyOfRange(emissions, from, from + k);
        }
        return e;
    }

    /** s(y) = start[y0] + e[0,y0] + sum_t (transitions[y_{t-1}, y_t] + e[t, y_t]) + end[y_last], left to right. */
    double score(double[][] e, int[] y) {
        double s = start[y[0]] + e[0][y[0]];
        for (int t = 1; t < y.length; t++) {
            s = s + transitions[y[t - 1]][y[t]];
            s = s + e[t][y[t]];
        }
        return s + end[y[y.length - 1]];
    }

    /** Every path of the given length in lexicographic order, allowed ones only. */
    int[][] paths(int len) {
        int n = (int) Math.pow(k, len);
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int code = 0; code < n; code++) {
            int[] y = new int[len];
            int c = code;
            for (int t = len - 1; t >= 0; t--) {
                y[t] = c % k;
                c /= k;
            }
            if (constraints.allows(y)) {
                out.add(y);
            }
        }
        return out.toArray(new int[0][]);
    }

    double logPartition(double[][] e) {
        int[][] ys = paths(e.length);
        double[] scores = new double[ys.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < ys.length; p++) {
            scores[p] = score(e, ys[p]);
            max = Math.max(max, scores[p]);
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s - max);
        }
        return max + Math.log(sum);
    }

    double nll(double[][] e, int[] gold) {
        return logPartition(e) - score(e, gold);
    }

    /** The highest-scoring path (the first in lexicographic order on a tie). */
    int[] best(double[][] e) {
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int[] y : paths(e.length)) {
            double s = score(e, y);
            if (s > bestScore) {
                bestScore = s;
                best = y;
            }
        }
        return best;
    }

    /** P(y_t = j) for every t < len and tag j: (len, K). */
    double[][] marginals(double[][] e) {
        double logZ = logPartition(e);
        double[][] m = new double[e.length][k];
        for (int[] y : paths(e.length)) {
            double p = Math.exp(score(e, y) - logZ);
            for (int t = 0; t < y.length; t++) {
                m[t][y[t]] += p;
            }
        }
        return m;
    }
}
