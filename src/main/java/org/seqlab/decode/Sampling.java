package org.seqlab.decode;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Sampling the next token from the model's distribution, reshaped by a temperature and cut to the top-k tokens
 * and/or the top-p nucleus (Holtzman et al.), as Hugging Face's {@code generate} applies them: temperature, then
 * top-k, then top-p. Seeded: the same seed draws the same text.
 *
 * @param temperature divides the logits (1: the model's own distribution; near 0: greedy)
 * @param topK keep the k most probable tokens (0: all)
 * @param topP keep the smallest set whose probability reaches p (1: all)
 */
public record Sampling(double temperature, int topK, double topP) {

    public Sampling {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("The temperature must be > 0; found " + temperature
                    + " (use greedy decoding for temperature 0)");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be ≥ 0 (0 keeps every token); found " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1]; found " + topP);
        }
    }

    /** The model's own distribution. */
    public static Sampling plain() {
        return new Sampling(1, 0, 1);
    }

    /** The distribution a step samples from: probabilities over the vocabulary, zero outside the cut. */
    public double[] distribution(double[] logProbabilities) {
        int n = logProbabilities.length;
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = logProbabilities[i] / temperature;
        }
        double[] p = probabilities(scaled);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        boolean[] keep = new boolean[n];
        int k = topK == 0 ? n : Math.min(topK, n);
        double cumulative = 0;
        for (int r = 0; r < k; r++) {
            int v = order[r];
            keep[v] = true;
            cumulative += p[v];
            if (cumulative >= topP) {
                break;                 // the token that crosses p is kept, as HF's top_p
            }
        }
        double sum = 0;
        for (int v = 0; v < n; v++) {
            if (keep[v]) {
                sum += p[v];
            }
        }
        double[] out = new double[n];
        for (int v = 0; v < n; v++) {
            out[v] = keep[v] ? p[v] / sum : 0;
        }
        return out;
    }

    /** One draw from {@link #distribution}. */
    public int draw(double[] logProbabilities, SplittableRandom random) {
        double[] p = distribution(logProbabilities);
        double u = random.nextDouble();
        double c = 0;
        int last = -1;
        for (int v = 0; v < p.length; v++) {
            if (p[v] > 0) {
                c += p[v];
                last = v;
                if (u < c) {
                    return v;
                }
            }
        }
        return last;
    }

    /** Tokens after {@code start}, drawn one by one until {@code end} or {@code maxTokens}; seeded. */
    public int[] decode(NextToken model, int[] start, int end, int maxTokens, long seed) {
        if (start.length == 0) {
            throw new IllegalArgumentException("Decoding needs a start: at least the start token");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] seq = Arrays.copyOf(start, start.length + maxTokens);
        int n = start.length;
        for (int i = 0; i < maxTokens; i++) {
            int next = draw(model.logProbabilities(Arrays.copyOf(seq, n)), random);
            seq[n++] = next;
            if (next == end) {
                break;
            }
        }
        return Arrays.copyOfRange(seq, start.length, n);
    }

    private static double[] probabilities(double[] logits) {
        double[] lp = NextToken.logSoftmax(logits);
        double[] p = new double[lp.length];
        for (int i = 0; i < lp.length; i++) {
            p[i] = Math.exp(lp[i]);
        }
        return p;
    }
}
