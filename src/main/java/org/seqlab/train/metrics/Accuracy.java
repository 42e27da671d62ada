package org.seqlab.train.metrics;

/** The fraction of predictions equal to their targets, positions whose target is {@code ignore} left out. */
public final class Accuracy {

    private Accuracy() {
    }

    /** Token-level accuracy; NaN when every target is ignored. */
    public static double of(long[] predicted, long[] target, long ignore) {
        if (predicted.length != target.length) {
            throw new IllegalArgumentException("Accuracy needs one prediction per target: " + predicted.length
                    + " predictions, " + target.length + " targets");
        }
        long right = 0;
        long counted = 0;
        for (int i = 0; i < target.length; i++) {
            if (target[i] != ignore) {
                counted++;
                right += predicted[i] == target[i] ? 1 : 0;
            }
        }
        return counted == 0 ? Double.NaN : (double) right / counted;
    }

    /** Perplexity from a summed negative log-likelihood (natural log) over {@code tokens} tokens. */
    public static double perplexity(double summedNll, long tokens) {
        if (tokens <= 0) {
            throw new IllegalArgumentException("Perplexity needs at least one token; found " + tokens);
        }
        return Math.exp(summedNll / tokens);
    }
}
