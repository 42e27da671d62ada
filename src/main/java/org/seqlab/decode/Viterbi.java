package org.seqlab.decode;

/**
 * The best tag path of a linear-chain CRF (Lafferty et al.): maximises
 * {@code start[y0] + Σ emissions[t][y_t] + Σ transitions[y_{t−1}][y_t] + end[y_{T−1}]} by dynamic programming,
 * as PyTorch-CRF's {@code decode} does. Ties go to the lower tag id.
 */
public final class Viterbi {

    /** The best path and its score. */
    public record Path(int[] tags, double score) {
        public Path {
            tags = tags.clone();
        }

        @Override
        public int[] tags() {
            return tags.clone();
        }
    }

    private Viterbi() {
    }

    /**
     * @param emissions T × K scores of each tag at each position
     * @param transitions K × K scores of going from tag i to tag j ({@code -∞} forbids it)
     * @param start K scores of the first tag (null: zeros)
     * @param end K scores of the last tag (null: zeros)
     */
    public static Path decode(double[][] emissions, double[][] transitions, double[] start, double[] end) {
        int steps = emissions.length;
        if (steps == 0) {
            return new Path(new int[0], 0);
        }
        int k = emissions[0].length;
        if (transitions.length != k || (start != null && start.length != k) || (end != null && end.length != k)) {
            throw new IllegalArgumentException("Viterbi needs K × K transitions and K start/end scores for K = " + k
                    + " tags; found " + transitions.length + " rows, " + (start == null ? "no" : start.length)
                    + " start and " + (end == null ? "no" : end.length) + " end scores");
        }
        double[] score = new double[k];
        int[][] back = new int[steps][k];
        for (int j = 0; j < k; j++) {
            score[j] = (start == null ? 0 : start[j]) + emissions[0][j];
        }
        for (int t = 1; t < steps; t++) {
            if (emissions[t].length != k) {
                throw new IllegalArgumentException("Row " + t + " of the emissions has " + emissions[t].length
                        + " tags; row 0 has " + k);
            }
            double[] next = new double[k];
            for (int j = 0; j < k; j++) {
                double best = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int i = 0; i < k; i++) {
                    double s = score[i] + transitions[i][j];
                    if (s > best) {
                        best = s;
                        arg = i;
                    }
                }
                next[j] = best + emissions[t][j];
                back[t][j] = arg;
            }
            score = next;
        }
        double best = Double.NEGATIVE_INFINITY;
        int last = 0;
        for (int j = 0; j < k; j++) {
            double s = score[j] + (end == null ? 0 : end[j]);
            if (s > best) {
                best = s;
                last = j;
            }
        }
        int[] tags = new int[steps];
        tags[steps - 1] = last;
        for (int t = steps - 1; t > 0; t--) {
            tags[t - 1] = back[t][tags[t]];
        }
        return new Path(tags, best);
    }
}
