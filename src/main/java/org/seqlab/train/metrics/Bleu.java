package org.seqlab.train.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU (Papineni et al.) exactly as sacreBLEU computes it by default: the {@code 13a} tokenizer (mteval-v13a),
 * n-grams of orders 1 to 4 with counts clipped by the most any one reference has, the closest reference length
 * (ties: the shorter) for the brevity penalty {@code exp(1 − r/c)}, and the {@code exp} smoothing (each order with
 * no match counts as {@code 1 / (2^k · total)} for its k-th such order). Scores on 0–100.
 */
public final class Bleu {

    private static final int MAX_ORDER = 4;
    private static final Pattern PUNCT = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PERIOD_COMMA_BEFORE = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_AFTER = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    /**
     * A score with sacreBLEU's parts.
     *
     * @param score BLEU, 0 to 100
     * @param precisions the n-gram precisions in percent, orders 1 to 4
     * @param brevityPenalty BP
     * @param hypothesisLength the system's tokens
     * @param referenceLength the effective reference length
     */
    public record Score(double score, double[] precisions, double brevityPenalty, long hypothesisLength,
                        long referenceLength) {
        public Score {
            precisions = precisions.clone();
        }

        @Override
        public double[] precisions() {
            return precisions.clone();
        }

        public double ratio() {
            return referenceLength == 0 ? 0 : (double) hypothesisLength / referenceLength;
        }

        /** sacreBLEU's line: {@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "BLEU = %.2f %.1f/%.1f/%.1f/%.1f (BP = %.3f ratio = %.3f hyp_len = %d"
                    + " ref_len = %d)", score, precisions[0], precisions[1], precisions[2], precisions[3],
                    brevityPenalty, ratio(), hypothesisLength, referenceLength);
        }
    }

    private Bleu() {
    }

    /**
     * @param hypotheses one system output per segment
     * @param references one or more reference streams, each with one reference per segment (sacreBLEU's layout)
     */
    public static Score corpus(List<String> hypotheses, List<List<String>> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("BLEU needs at least one reference stream");
        }
        for (List<String> stream : references) {
            if (stream.size() != hypotheses.size()) {
                throw new IllegalArgumentException("Every reference stream needs one reference per hypothesis: "
                        + hypotheses.size() + " hypotheses, a stream of " + stream.size());
            }
        }
        long[] correct = new long[MAX_ORDER];
        long[] total = new long[MAX_ORDER];
        long hypLen = 0;
        long refLen = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            String[] hyp = split(tokenize13a(hypotheses.get(i)));
            List<String[]> refs = new ArrayList<>();
            for (List<String> stream : references) {
                refs.add(split(tokenize13a(stream.get(i))));
            }
            hypLen += hyp.length;
            refLen += closestLength(hyp.length, refs);
            Map<String, Integer> maxRef = new HashMap<>();
            for (String[] r : refs) {
                Map<String, Integer> counts = ngrams(r);
                counts.forEach((g, c) -> maxRef.merge(g, c, Math::max));
            }
            Map<String, Integer> h = ngrams(hyp);
            for (Map.Entry<String, Integer> e : h.entrySet()) {
                int order = e.getKey().split(" ", -1).length;
                correct[order - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            }
            for (int n = 1; n <= MAX_ORDER; n++) {
                total[n - 1] += Math.max(0, hyp.length - n + 1);
            }
        }
        double[] precisions = new double[MAX_ORDER];
        double smooth = 1;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (total[n] == 0) {
                break;
            }
            if (correct[n] == 0) {
                smooth *= 2;
                precisions[n] = 100.0 / (smooth * total[n]);
            } else {
                precisions[n] = 100.0 * correct[n] / total[n];
            }
        }
        double bp = hypLen == 0 ? 0 : hypLen >= refLen ? 1 : Math.exp(1 - (double) refLen / hypLen);
        double logSum = 0;
        for (double p : precisions) {
            logSum += p == 0 ? -9999999999.0 : Math.log(p);
        }
        double score = bp * Math.exp(logSum / MAX_ORDER);
        return new Score(score, precisions, bp, hypLen, refLen);
    }

    /** sacreBLEU's {@code 13a} tokenizer. */
    public static String tokenize13a(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.contains("&")) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = PUNCT.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_BEFORE.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_AFTER.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return String.join(" ", split(s));
    }

    private static String[] split(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private static long closestLength(int hypLength, List<String[]> refs) {
        int best = -1;
        int bestDiff = Integer.MAX_VALUE;
        for (String[] r : refs) {
            int diff = Math.abs(hypLength - r.length);
            if (diff < bestDiff || (diff == bestDiff && r.length < best)) {
                bestDiff = diff;
                best = r.length;
            }
        }
        return best;
    }

    private static Map<String, Integer> ngrams(String[] tokens) {
        Map<String, Integer> out = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= tokens.length; i++) {
                out.merge(String.join(" ", java.util.Arrays.copyOfRange(tokens, i, i + n)), 1, Integer::sum);
            }
        }
        return out;
    }
}
