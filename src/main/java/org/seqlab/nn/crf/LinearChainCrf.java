package org.seqlab.nn.crf;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.div;
import static org.seqlab.autograd.ops.F.maskedFill;
import static org.seqlab.autograd.ops.F.mean;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.select;
import static org.seqlab.autograd.ops.F.sub;
import static org.seqlab.autograd.ops.F.sum;
import static org.seqlab.autograd.ops.F.where;
import static org.seqlab.nn.crf.LogSumExp.logSumExp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.DTypeException;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;

/**
 * A linear-chain conditional random field over K tags (Lafferty, McCallum and Pereira 2001), laid out as
 * the pytorch-crf package's {@code torchcrf.CRF(num_tags, batch_first=True)}: parameters
 * {@code start_transitions (K)}, {@code end_transitions (K)} and {@code transitions (K, K)}, where
 * {@code transitions[i, j]} scores a move from tag i to tag j; all three initialised U(-0.1, 0.1).
 *
 * <p>The score of a tag path {@code y} of length L over emissions {@code e (L, K)} is
 * <pre>
 *   s(y) = start[y0] + e[0, y0] + sum_{t=1}^{L-1} (transitions[y_{t-1}, y_t] + e[t, y_t]) + end[y_{L-1}]
 * </pre>
 * and {@code p(y) = exp(s(y)) / Z} with {@code log Z = logsumexp over all paths}, computed by the forward
 * algorithm: {@code alpha_0 = start + e_0}, {@code alpha_t[j] = logsumexp_i(alpha_{t-1}[i] + transitions[i, j])
 * + e_t[j]}, {@code log Z = logsumexp_j(alpha_{L-1}[j] + end[j])}. Each time step runs under its own label,
 * {@code crf/t3/scores}, {@code crf/t3/logsumexp}, {@code crf/t3/mask}.
 *
 * <p>Batches are padded: emissions {@code (B, T, K)}, tags {@code (B, T)} and per-sequence lengths
 * {@code 1..T} (or a {@code (B, T)} mask of leading ones). Tags at padded positions are ignored, whatever
 * their value. With {@link CrfConfig#bioConstraints()}, forbidden moves score
 * {@link TransitionConstraints#DISALLOWED_SCORE} in the likelihood and in {@link #decode}, alike.
 */
public final class LinearChainCrf extends Module {
    /** How the per-sequence negative log-likelihoods are combined (torchcrf's {@code reduction}). */
    public enum Reduction {
        /** One value per sequence, {@code (B)}. */
        NONE,
        /** Summed over the batch (torchcrf's default). */
        SUM,
        /** Averaged over the batch. */
        MEAN,
        /** Summed over the batch, divided by the number of real (unpadded) tokens. */
        TOKEN_MEAN
    }

    private final CrfConfig config;
    private final TransitionConstraints constraints;
    private final int numTags;
    private final Parameter startTransitions;
    private final Parameter endTransitions;
    private final Parameter transitions;
    private final Tensor forbiddenStart;         // (K) 1 where forbidden, or null
    private final Tensor forbiddenEnd;           // (K) 1 where forbidden, or null
    private final Tensor forbiddenTransitions;   // (K, K) 1 where forbidden, or null

    public LinearChainCrf(CrfConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        labelled("crf");
        this.config = config;
        this.constraints = config.constraints();
        this.numTags = config.numTags();
        int k = numTags;
        // torchcrf's order: start_transitions, end_transitions, transitions, each nn.init.uniform_(-0.1, 0.1)
        this.startTransitions = parameter("start_transitions", uniform(rng, 0.1, k));
        this.endTransitions = parameter("end_transitions", uniform(rng, 0.1, k));
        this.transitions = parameter("transitions", uniform(rng, 0.1, k, k));

        double[] fs = new double[k];
        double[] fe = new double[k];
        double[] ft = new double[k * k];
        boolean anyStart = false;
        boolean anyEnd = false;
        boolean anyTransition = false;
        for (int i = 0; i < k; i++) {
            fs[i] = constraints.startAllowed(i) ? 0 : 1;
            fe[i] = constraints.endAllowed(i) ? 0 : 1;
            anyStart |= fs[i] == 1;
            anyEnd |= fe[i] == 1;
            for (int j = 0; j < k; j++) {
                ft[i * k + j] = constraints.transitionAllowed(i, j) ? 0 : 1;
                anyTransition |= ft[i * k + j] == 1;
            }
        }
        this.forbiddenStart = anyStart ? Tensor.of(dtype, fs, k).named("forbidden_start") : null;
        this.forbiddenEnd = anyEnd ? Tensor.of(dtype, fe, k).named("forbidden_end") : null;
        this.forbiddenTransitions = anyTransition ? Tensor.of(dtype, ft, k, k).named("forbidden_transitions") : null;
    }

    /** K unnamed tags without constraints. */
    public LinearChainCrf(int numTags, DType dtype, SplittableRandom rng) {
        this(CrfConfig.of(numTags), dtype, rng);
    }

    public CrfConfig config() {
        return config;
    }

    public TransitionConstraints constraints() {
        return constraints;
    }

    public int numTags() {
        return numTags;
    }

    public Parameter startTransitions() {
        return startTransitions;
    }

    public Parameter endTransitions() {
        return endTransitions;
    }

    public Parameter transitions() {
        return transitions;
    }

    // ---- negative log-likelihood ---------------------------------------------------------------

    /**
     * {@code -log p(tags | emissions)} per sequence, reduced: the negative of torchcrf's
     * {@code CRF.forward(emissions, tags, mask, reduction)} (which returns the log-likelihood).
     *
     * @param emissions (B, T, K) scores, in this CRF's dtype
     * @param tags (B, T) int64 gold tags; positions at or past a sequence's length are ignored
     * @param lengths B lengths, each in 1..T
     */
    public Tensor nll(Tensor emissions, Tensor tags, long[] lengths, Reduction reduction) {
        Batch batch = Batch.of(this, emissions, tags, lengths);
        try (Scope s = enter()) {
            Scores scores = constrainedScores();
            Tensor gold = goldScore(emissions, scores, batch);              // (B)
            Tensor logZ = forwardAlgorithm(emissions, scores, batch);       // (B)
            try (Scope n = Scope.push("nll")) {
                Tensor nll = sub(logZ, gold);                                   // (B)
                switch (reduction) {
                    case NONE: return nll;
                    case SUM: return sum(nll);
                    case MEAN: return mean(nll);
                    default: return div(sum(nll), (double) batch.tokens());
                }
            }
        }
    }

    /** As {@link #nll(Tensor, Tensor, long[], Reduction)}, with a (B, T) mask of leading ones instead of lengths. */
    public Tensor nll(Tensor emissions, Tensor tags, Tensor mask, Reduction reduction) {
        return nll(emissions, tags, lengthsFromMask(mask, emissions), reduction);
    }

    /** Every sequence of full length T, summed over the batch (torchcrf's defaults). */
    public Tensor nll(Tensor emissions, Tensor tags) {
        return nll(emissions, tags, fullLengths(emissions), Reduction.SUM);
    }

    /** {@code log Z} per sequence, {@code (B)}: the forward algorithm alone. */
    public Tensor logPartition(Tensor emissions, long[] lengths) {
        Batch batch = Batch.of(this, emissions, null, lengths);
        try (Scope s = enter()) {
            return forwardAlgorithm(emissions, constrainedScores(), batch);
        }
    }

    /** The score {@code s(tags)} of the given paths, {@code (B)}. */
    public Tensor score(Tensor emissions, Tensor tags, long[] lengths) {
        Batch batch = Batch.of(this, emissions, tags, lengths);
        try (Scope s = enter()) {
            return goldScore(emissions, constrainedScores(), batch);
        }
    }

    /** The start, transition and end scores with the forbidden entries replaced by the constant. */
    private record Scores(Tensor start, Tensor transitions, Tensor end) {
    }

    private Scores constrainedScores() {
        Tensor start = startTransitions.get();
        Tensor trans = transitions.get();
        Tensor end = endTransitions.get();
        if (forbiddenStart == null && forbiddenTransitions == null && forbiddenEnd == null) {
            return new Scores(start, trans, end);
        }
        try (Scope c = Scope.push("constraints")) {
            double forbidden = TransitionConstraints.DISALLOWED_SCORE;
            return new Scores(
                    forbiddenStart == null ? start : maskedFill(start, forbiddenStart, forbidden),
                    forbiddenTransitions == null ? trans : maskedFill(trans, forbiddenTransitions, forbidden),
                    forbiddenEnd == null ? end : maskedFill(end, forbiddenEnd, forbidden));
        }
    }

    /**
     * {@code s(y)} of the gold paths: every term picked by a constant indicator (one-hot emissions, start
     * and end tags, counts of each transition), so the gradient reaches exactly the entries the path uses.
     */
    private Tensor goldScore(Tensor emissions, Scores scores, Batch batch) {
        int b = batch.size();
        int k = numTags;
        DType d = dtype();
        try (Scope g = Scope.push("gold_score")) {
            Tensor emitted = sum(mul(emissions, Tensor.of(d, batch.goldEmissions, b, batch.steps(), k)), false, 1, 2);
            Tensor start = sum(mul(scores.start(), Tensor.of(d, batch.goldFirst, b, k)), false, 1);        // (B)
            Tensor moves = sum(mul(scores.transitions(), Tensor.of(d, batch.goldCounts, b, k, k)), false, 1, 2);
            Tensor end = sum(mul(scores.end(), Tensor.of(d, batch.goldLast, b, k)), false, 1);            // (B)
            return add(add(add(start, emitted), moves), end);                                               // (B)
        }
    }

    /** {@code log Z} of every sequence by the forward algorithm, one labelled scope per time step. */
    private Tensor forwardAlgorithm(Tensor emissions, Scores scores, Batch batch) {
        int b = batch.size();
        int k = numTags;
        Tensor alpha;
        try (Scope t0 = Scope.push("t0")) {
            alpha = add(scores.start(), select(emissions, 1, 0));                   // (B, K)
        }
        for (int t = 1; t < batch.steps(); t++) {
            try (Scope st = Scope.push("t" + t)) {
                Tensor next;
                try (Scope sc = Scope.push("scores")) {
                    // from tag i (axis 1) to tag j (axis 2): alpha[i] + transitions[i, j] + e_t[j]
                    Tensor from = reshape(alpha, b, k, 1);                              // (B, K, 1)
                    Tensor emit = reshape(select(emissions, 1, t), b, 1, k);            // (B, 1, K)
                    next = add(add(from, scores.transitions()), emit);                  // (B, K, K)
                }
                next = logSumExp(next, 1);                                              // (B, K)
                if (batch.anyEndedBefore(t)) {
                    try (Scope m = Scope.push("mask")) {
                        // sequences already over keep their alpha
                        alpha = where(Tensor.of(dtype(), batch.activeAt(t), b, 1), next, alpha);   // (B, K)
                    }
                } else {
                    alpha = next;
                }
            }
        }
        try (Scope e = Scope.push("end")) {
            return logSumExp(add(alpha, scores.end()), 1);                          // (B)
        }
    }

    // ---- Viterbi ---------------------------------------------------------------------------------

    /**
     * The best tag path of every sequence, by Viterbi over the values (no gradient, nothing recorded), with
     * the same constrained scores as {@link #nll}. Ties go to the lower tag index.
     *
     * @param emissions (B, T, K)
     * @param lengths B lengths, each in 1..T; each path has its sequence's length
     */
    public List<TagPath> decode(Tensor emissions, long[] lengths) {
        Batch batch = Batch.of(this, emissions, null, lengths);
        int b = batch.size();
        int steps = batch.steps();
        int k = numTags;
        double[] e = emissions.toDoubleArray();
        double[] start = startTransitions.get().toDoubleArray();
        double[] end = endTransitions.get().toDoubleArray();
        double[] trans = transitions.get().toDoubleArray();
        double forbidden = TransitionConstraints.DISALLOWED_SCORE;
        for (int i = 0; i < k; i++) {
            start[i] = constraints.startAllowed(i) ? start[i] : forbidden;
            end[i] = constraints.endAllowed(i) ? end[i] : forbidden;
            for (int j = 0; j < k; j++) {
                trans[i * k + j] = constraints.transitionAllowed(i, j) ? trans[i * k + j] : forbidden;
            }
        }
        List<TagPath> paths = new ArrayList<>(b);
        for (int s = 0; s < b; s++) {
            int len = (int) lengths[s];
            int base = s * steps * k;
            double[] score = new double[k];
            for (int j = 0; j < k; j++) {
                score[j] = start[j] + e[base + j];
            }
            int[][] backPointer = new int[len][k];
            for (int t = 1; t < len; t++) {
                double[] next = new double[k];
                for (int j = 0; j < k; j++) {
                    int arg = 0;
                    double best = score[0] + trans[j];
                    for (int i = 1; i < k; i++) {
                        double v = score[i] + trans[i * k + j];
                        if (v > best) {
                            best = v;
                            arg = i;
                        }
                    }
                    next[j] = best + e[base + t * k + j];
                    backPointer[t][j] = arg;
                }
                score = next;
            }
            int last = 0;
            double best = score[0] + end[0];
            for (int j = 1; j < k; j++) {
                if (score[j] + end[j] > best) {
                    best = score[j] + end[j];
                    last = j;
                }
            }
            int[] tags = new int[len];
            tags[len - 1] = last;
            for (int t = len - 1; t > 0; t--) {
                tags[t - 1] = backPointer[t][tags[t]];
            }
            paths.add(new TagPath(tags, best));
        }
        return paths;
    }

    /** As {@link #decode(Tensor, long[])}, with a (B, T) mask of leading ones. */
    public List<TagPath> decode(Tensor emissions, Tensor mask) {
        return decode(emissions, lengthsFromMask(mask, emissions));
    }

    /** Every sequence of full length T. */
    public List<TagPath> decode(Tensor emissions) {
        return decode(emissions, fullLengths(emissions));
    }

    // ---- inputs ----------------------------------------------------------------------------------

    private long[] fullLengths(Tensor emissions) {
        Batch.checkEmissions(this, emissions);
        long[] lengths = new long[(int) emissions.size(0)];
        Arrays.fill(lengths, emissions.size(1));
        return lengths;
    }

    /** Lengths from a (B, T) mask whose rows are ones then zeros (non-zero counts as one). */
    private long[] lengthsFromMask(Tensor mask, Tensor emissions) {
        Batch.checkEmissions(this, emissions);
        long b = emissions.size(0);
        long steps = emissions.size(1);
        if (mask.rank() != 2 || mask.size(0) != b || mask.size(1) != steps) {
            throw new ShapeException("LinearChainCrf: the mask must be (B, T) = (" + b + ", " + steps
                    + ") like the emissions' first two dimensions; found " + mask.shape()
                    + ". Pass one row per sequence, 1 at its tokens and 0 at its padding.");
        }
        double[] m = mask.toDoubleArray();
        long[] lengths = new long[(int) b];
        for (int s = 0; s < b; s++) {
            int len = 0;
            while (len < steps && m[(int) (s * steps + len)] != 0) {
                len++;
            }
            for (int t = len; t < steps; t++) {
                if (m[(int) (s * steps + t)] != 0) {
                    throw new ShapeException("LinearChainCrf: mask row " + s + " turns on again at t=" + t
                            + " after padding at t=" + len + "; a CRF mask must be the sequence's tokens first, "
                            + "then its padding (ones, then zeros).");
                }
            }
            lengths[s] = len;
        }
        return lengths;
    }

    /**
     * Validated inputs and the constant indicators derived from them. Only values are read here; nothing is
     * recorded.
     */
    private static final class Batch {
        private final long[] lengths;
        private final int steps;
        private double[] goldEmissions;   // (B, T, K) one-hot of the gold tag at real positions
        private double[] goldFirst;       // (B, K) one-hot of the first tag
        private double[] goldLast;        // (B, K) one-hot of the last real tag
        private double[] goldCounts;      // (B, K, K) how often the path moves i -> j

        private Batch(long[] lengths, int steps) {
            this.lengths = lengths;
            this.steps = steps;
        }

        static void checkEmissions(LinearChainCrf crf, Tensor emissions) {
            int k = crf.numTags;
            if (emissions.rank() != 3 || emissions.size(2) != k) {
                throw new ShapeException("LinearChainCrf: emissions must be (B, T, K) with K = " + k
                        + " tag scores; found " + emissions.shape() + ". Project the encoder's output to " + k
                        + " scores per token (a Linear layer to num_tags) before the CRF.");
            }
            if (emissions.size(0) < 1 || emissions.size(1) < 1) {
                throw new ShapeException("LinearChainCrf: emissions " + emissions.shape()
                        + " hold no sequence or no time step; give at least one sequence of at least one token.");
            }
            if (emissions.dtype() != crf.dtype()) {
                throw new DTypeException("LinearChainCrf: emissions are " + emissions.dtype().displayName()
                        + " but the CRF computes in " + crf.dtype().displayName() + "; convert them with "
                        + "emissions.to(DType." + crf.dtype().name() + ") or build the CRF in "
                        + emissions.dtype().displayName() + ".");
            }
        }

        static Batch of(LinearChainCrf crf, Tensor emissions, Tensor tags, long[] lengths) {
            checkEmissions(crf, emissions);
            int b = (int) emissions.size(0);
            int steps = (int) emissions.size(1);
            if (lengths.length != b) {
                throw new ShapeException("LinearChainCrf: got " + lengths.length + " lengths for a batch of " + b
                        + " sequences (emissions " + emissions.shape() + "); give one length per sequence.");
            }
            for (int s = 0; s < b; s++) {
                if (lengths[s] < 1 || lengths[s] > steps) {
                    throw new ShapeException("LinearChainCrf: sequence " + s + " has length " + lengths[s]
                            + " but lengths must be in 1.." + steps + " (T of the emissions " + emissions.shape()
                            + "); drop empty sequences from the batch and pad every sequence to at most T.");
                }
            }
            Batch batch = new Batch(lengths.clone(), steps);
            if (tags != null) {
                batch.readTags(crf, emissions, tags);
            }
            return batch;
        }

        private void readTags(LinearChainCrf crf, Tensor emissions, Tensor tags) {
            int b = size();
            int k = crf.numTags;
            if (tags.dtype() != DType.INT64) {
                throw new DTypeException("LinearChainCrf: tags must be int64 tag indices; found "
                        + tags.dtype().displayName() + ". Make them with Tensor.indices(...).");
            }
            if (tags.rank() != 2 || tags.size(0) != b || tags.size(1) != steps) {
                throw new ShapeException("LinearChainCrf: tags must be (B, T) = (" + b + ", " + steps
                        + ") like the emissions' first two dimensions " + emissions.shape() + "; found "
                        + tags.shape() + ". Give one tag per token, padded like the emissions.");
            }
            long[] y = tags.toLongArray();
            goldEmissions = new double[b * steps * k];
            goldFirst = new double[b * k];
            goldLast = new double[b * k];
            goldCounts = new double[b * k * k];
            for (int s = 0; s < b; s++) {
                int len = (int) lengths[s];
                int[] path = new int[len];
                for (int t = 0; t < len; t++) {
                    long tag = y[s * steps + t];
                    if (tag < 0 || tag >= k) {
                        throw new SeqLabException("LinearChainCrf: tag " + tag + " of sequence " + s + " at t=" + t
                                + " is not a tag index 0.." + (k - 1) + ". Map every gold tag through the tag "
                                + "vocabulary the CRF was built with (positions past a sequence's length are "
                                + "ignored and may hold any value).");
                    }
                    path[t] = (int) tag;
                    goldEmissions[(s * steps + t) * k + path[t]] = 1;
                    if (t > 0) {
                        goldCounts[(s * k + path[t - 1]) * k + path[t]] += 1;
                    }
                }
                goldFirst[s * k + path[0]] = 1;
                goldLast[s * k + path[len - 1]] = 1;
                String violation = crf.constraints.firstViolation(path);
                if (violation != null) {
                    throw new SeqLabException("LinearChainCrf: the gold tags of sequence " + s
                            + " break the BIO constraints: " + violation + " (I-X may only follow B-X or I-X). "
                            + "Convert the tags to BIO (IOB2), where every entity starts with B-X, or build the "
                            + "CRF without BIO constraints.");
                }
            }
        }

        int size() {
            return lengths.length;
        }

        int steps() {
            return steps;
        }

        long tokens() {
            long n = 0;
            for (long l : lengths) {
                n += l;
            }
            return n;
        }

        boolean anyEndedBefore(int t) {
            for (long l : lengths) {
                if (l <= t) {
                    return true;
                }
            }
            return false;
        }

        /** (B) 1 where the sequence still runs at step t. */
        double[] activeAt(int t) {
            double[] a = new double[lengths.length];
            for (int s = 0; s < a.length; s++) {
                a[s] = t < lengths[s] ? 1 : 0;
            }
            return a;
        }
    }
}
