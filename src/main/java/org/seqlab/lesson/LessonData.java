package org.seqlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.NoGrad;
import org.seqlab.autograd.Tensor;
import org.seqlab.decode.BeamSearch;
import org.seqlab.decode.Greedy;
import org.seqlab.decode.NextToken;
import org.seqlab.decode.Sampling;
import org.seqlab.model.compile.GraphInputs;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

/** What the experiments share: a step's batch as a pure function of (seed, step), padding, evaluation, decoding. */
final class LessonData {
    private LessonData() {
    }

    /** A well-mixed 64-bit value of the three numbers (SplitMix64's finaliser). */
    static long mix(long seed, long step, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The random source of step {@code step} for the purpose {@code salt}. */
    static SplittableRandom random(long seed, long step, long salt) {
        return new SplittableRandom(mix(seed, step, salt));
    }

    /**
     * The example indices of step {@code step} (1, 2, …): epoch after epoch, each a permutation of {@code n} drawn
     * from (seed, epoch), read {@code batch} at a time, so every example is seen once per epoch.
     */
    static int[] pick(int n, int batch, long seed, long step) {
        if (n <= 0) {
            throw new SeqLabException("There are no training examples to draw a batch from: give a data file with at"
                    + " least one example.");
        }
        int[] out = new int[batch];
        long start = (step - 1) * batch;
        long cachedEpoch = -1;
        int[] perm = null;
        for (int i = 0; i < batch; i++) {
            long p = start + i;
            long epoch = p / n;
            if (epoch != cachedEpoch) {
                perm = permutation(n, mix(seed, epoch, 0x5EED));
                cachedEpoch = epoch;
            }
            out[i] = perm[(int) (p % n)];
        }
        return out;
    }

    /** A Fisher–Yates permutation of 0..n-1. */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The chosen sequences padded with {@code pad} into ids (B, T) with their padding mask (null when none). */
    static Flow tokens(List<int[]> sequences, int[] indices, long pad, DType dtype) {
        return padded(sequences, indices, pad, dtype, true);
    }

    /** Target ids (B, T), padding as {@link GraphInputs#IGNORE}, no mask. */
    static Flow targets(List<int[]> sequences, int[] indices) {
        return padded(sequences, indices, GraphInputs.IGNORE, DType.FLOAT32, false);
    }

    private static Flow padded(List<int[]> sequences, int[] indices, long pad, DType dtype, boolean withMask) {
        int b = indices.length;
        int t = 1;
        boolean ragged = false;
        int first = sequences.get(indices[0]).length;
        for (int i : indices) {
            t = Math.max(t, sequences.get(i).length);
            ragged |= sequences.get(i).length != first;
        }
        long[] ids = new long[b * t];
        double[] mask = new double[b * t];
        Arrays.fill(ids, pad);
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(indices[r]);
            for (int j = 0; j < s.length; j++) {
                ids[r * t + j] = s[j];
                mask[r * t + j] = 1;
            }
        }
        Tensor value = Tensor.indices(ids, b, t);
        boolean needMask = withMask && (ragged || first == 0);
        return new Flow(value, needMask ? Tensor.of(dtype, mask, b, t) : null);
    }

    /** Class labels (B,). */
    static Flow labels(int[] labels, int[] indices) {
        long[] y = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            y[i] = labels[indices[i]];
        }
        return Flow.of(Tensor.indices(y, y.length));
    }

    /** 0, 1, …, n-1. */
    static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** Runs {@code body} with the model in evaluation mode and no tape, then restores the mode. */
    static <T> T evaluating(GraphModel model, Supplier<T> body) {
        boolean training = model.isTraining();
        model.train(false);
        try (NoGrad g = NoGrad.enter()) {
            return body.get();
        } finally {
            model.train(training);
            org.seqlab.autograd.OffHeap.release();
        }
    }

    /** The arg-max over the last axis of {@code logits} (…, V), flattened. */
    static long[] argmax(Tensor logits) {
        double[] v = logits.toDoubleArray();
        int k = (int) logits.size(logits.rank() - 1);
        long[] out = new long[v.length / k];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (v[i * k + j] > v[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Batches of held-out indices, {@code size} at a time. */
    static List<int[]> chunks(int n, int size) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < n; from += size) {
            out.add(range(from, Math.min(n, from + size)));
        }
        return out;
    }

    /** Decodes after {@code start} the way the request asks: beam search, sampling or greedy. */
    static int[] decode(NextToken model, int[] start, int end, GenerateRequest r) {
        if (r.beam() > 1) {
            return BeamSearch.search(model, start, end, new BeamSearch.Config(r.beam(), 1.0, r.maxTokens())).best()
                    .tokens();
        }
        if (r.temperature() > 0) {
            return new Sampling(r.temperature(), r.topK(), r.topP()).decode(model, start, end, r.maxTokens(), r.seed());
        }
        return Greedy.decode(model, start, end, r.maxTokens());
    }

    /** {@code tokens} without a trailing {@code end}. */
    static int[] stripEnd(int[] tokens, int end) {
        return tokens.length > 0 && tokens[tokens.length - 1] == end ? Arrays.copyOf(tokens, tokens.length - 1)
                : tokens;
    }

    /** Inputs by name, in order. */
    static Map<String, Flow> inputs(Object... nameFlow) {
        Map<String, Flow> m = new LinkedHashMap<>();
        for (int i = 0; i < nameFlow.length; i += 2) {
            m.put((String) nameFlow[i], (Flow) nameFlow[i + 1]);
        }
        return m;
    }
}
