package org.seqlab.decode;

/** A model as the decoders see it: the log-probabilities of every next token after a prefix. */
@FunctionalInterface
public interface NextToken {

    /** log p(next = v | prefix) for every v of the vocabulary; the prefix starts with the start token. */
    double[] logProbabilities(int[] prefix);

    /** log-softmax of raw scores, computed stably (max subtracted). */
    static double[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : logits) {
            sum += Math.exp(x - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }
}
