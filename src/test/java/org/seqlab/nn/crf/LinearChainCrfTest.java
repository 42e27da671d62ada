package org.seqlab.nn.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.DTypeException;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.nn.ModuleGradCheck;
import org.seqlab.nn.crf.LinearChainCrf.Reduction;

class LinearChainCrfTest {
    private static final DType D = DType.FLOAT64;
    private static final List<String> BIO_TAGS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

    /** A CRF whose parameters are spread over U(-1, 1), so every term of the score matters. */
    private static LinearChainCrf crf(CrfConfig config, long seed) {
        LinearChainCrf crf = new LinearChainCrf(config, D, new SplittableRandom(seed));
        int k = config.numTags();
        crf.loadStateDict(Map.of(
                "start_transitions", Tensor.uniform(D, seed + 1, -1, 1, k),
                "end_transitions", Tensor.uniform(D, seed + 2, -1, 1, k),
                "transitions", Tensor.uniform(D, seed + 3, -1, 1, k, k)));
        return crf;
    }

    /** Random gold tags: an allowed path per sequence, and a junk value at padded positions (ignored). */
    private static Tensor goldTags(BruteForceCrf oracle, int steps, long[] lengths, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] tags = new long[lengths.length * steps];
        Arrays.fill(tags, -100);
        for (int s = 0; s < lengths.length; s++) {
            int[][] allowed = oracle.paths((int) lengths[s]);
            int[] y = allowed[rng.nextInt(allowed.length)];
            for (int t = 0; t < y.length; t++) {
                tags[s * steps + t] = y[t];
            }
        }
        return Tensor.indices(tags, lengths.length, steps);
    }

    private static int[] path(Tensor tags, int s, int len) {
        long[] y = tags.toLongArray();
        int steps = (int) tags.size(1);
        int[] p = new int[len];
        for (int t = 0; t < len; t++) {
            p[t] = (int) y[s * steps + t];
        }
        return p;
    }

    /** (K, T, lengths): single tag, single step, equal and ragged lengths. */
    private record Case(int k, int steps, long[] lengths) {
    }

    private static final List<Case> CASES = List.of(
            new Case(3, 4, new long[] {4, 2}),
            new Case(3, 4, new long[] {1, 4, 3}),
            new Case(1, 3, new long[] {3, 1}),
            new Case(2, 5, new long[] {5, 5}),
            new Case(4, 3, new long[] {2, 3}),
            new Case(5, 1, new long[] {1}));

    // ---- parameters ------------------------------------------------------------------------------

    @Test
    void parametersFollowPytorchCrfNamesLayoutAndInit() {
        LinearChainCrf crf = new LinearChainCrf(7, D, new SplittableRandom(1));
        Map<String, Tensor> p = crf.namedParameters();
        assertThat(p.keySet()).containsExactly("start_transitions", "end_transitions", "transitions");
        assertThat(p.get("start_transitions").shape().toArray()).containsExactly(7);
        assertThat(p.get("end_transitions").shape().toArray()).containsExactly(7);
        assertThat(p.get("transitions").shape().toArray()).containsExactly(7, 7);
        for (Tensor t : p.values()) {
            double[] v = t.toDoubleArray();
            assertThat(Arrays.stream(v).allMatch(x -> x >= -0.1 && x < 0.1)).as(t.label()).isTrue();
            assertThat(Arrays.stream(v).distinct().count()).as(t.label()).isEqualTo(v.length);
        }
        LinearChainCrf again = new LinearChainCrf(7, D, new SplittableRandom(1));
        assertThat(again.transitions().get().toDoubleArray()).containsExactly(p.get("transitions").toDoubleArray());
    }

    // ---- against brute force --------------------------------------------------------------------

    @Test
    void nllEqualsBruteForceEnumerationOfAllPaths() {
        long seed = 10;
        for (Case c : CASES) {
            seed += 10;
            LinearChainCrf crf = crf(CrfConfig.of(c.k()), seed);
            BruteForceCrf oracle = new BruteForceCrf(crf);
            int b = c.lengths().length;
            Tensor emissions = Tensor.uniform(D, seed + 4, -2, 2, b, c.steps(), c.k());
            Tensor tags = goldTags(oracle, c.steps(), c.lengths(), seed + 5);
            double[] nll = crf.nll(emissions, tags, c.lengths(), Reduction.NONE).toDoubleArray();
            double[] logZ = crf.logPartition(emissions, c.lengths()).toDoubleArray();
            double[] score = crf.score(emissions, tags, c.lengths()).toDoubleArray();
            assertThat(nll).as("%s: one value per sequence", c).hasSize(b);
            double[] e = emissions.toDoubleArray();
            for (int s = 0; s < b; s++) {
                int len = (int) c.lengths()[s];
                double[][] es = BruteForceCrf.sequence(e, c.steps(), c.k(), s, len);
                int[] gold = path(tags, s, len);
                assertThat(logZ[s]).as("%s: log Z of sequence %d", c, s).isCloseTo(oracle.logPartition(es), within(1e-12));
                assertThat(score[s]).as("%s: gold score of sequence %d", c, s).isCloseTo(oracle.score(es, gold), within(1e-12));
                assertThat(nll[s]).as("%s: NLL of sequence %d", c, s).isCloseTo(oracle.nll(es, gold), within(1e-12));
            }
        }
    }

    @Test
    void viterbiEqualsTheBruteForceBestPath() {
        long seed = 500;
        for (Case c : CASES) {
            for (int rep = 0; rep < 5; rep++) {
                seed += 10;
                LinearChainCrf crf = crf(CrfConfig.of(c.k()), seed);
                BruteForceCrf oracle = new BruteForceCrf(crf);
                int b = c.lengths().length;
                Tensor emissions = Tensor.uniform(D, seed + 4, -2, 2, b, c.steps(), c.k());
                List<TagPath> decoded = crf.decode(emissions, c.lengths());
                assertThat(decoded).hasSize(b);
                double[] e = emissions.toDoubleArray();
                for (int s = 0; s < b; s++) {
                    double[][] es = BruteForceCrf.sequence(e, c.steps(), c.k(), s, (int) c.lengths()[s]);
                    int[] best = oracle.best(es);
                    assertThat(decoded.get(s).tags()).as("%s rep %d: path of sequence %d", c, rep, s).containsExactly(best);
                    assertThat(decoded.get(s).score()).as("%s: best score", c).isCloseTo(oracle.score(es, best), within(1e-12));
                }
            }
        }
    }

    @Test
    void reductionsCombineThePerSequenceValuesLikeTorchcrf() {
        LinearChainCrf crf = crf(CrfConfig.of(3), 7);
        long[] lengths = {4, 2, 3};
        Tensor emissions = Tensor.uniform(D, 8, -2, 2, 3, 4, 3);
        Tensor tags = goldTags(new BruteForceCrf(crf), 4, lengths, 9);
        double[] none = crf.nll(emissions, tags, lengths, Reduction.NONE).toDoubleArray();
        double total = none[0] + none[1] + none[2];
        assertThat(crf.nll(emissions, tags, lengths, Reduction.SUM).item()).isCloseTo(total, within(1e-12));
        assertThat(crf.nll(emissions, tags, lengths, Reduction.MEAN).item()).isCloseTo(total / 3, within(1e-12));
        assertThat(crf.nll(emissions, tags, lengths, Reduction.TOKEN_MEAN).item()).isCloseTo(total / 9, within(1e-12));
        Tensor full = Tensor.indices(new long[] {0, 1, 2, 0, 1, 1, 0, 2, 2, 2, 1, 0}, 3, 4);
        assertThat(crf.nll(emissions, full).item())
                .isCloseTo(crf.nll(emissions, full, new long[] {4, 4, 4}, Reduction.SUM).item(), within(0.0));
    }

    @Test
    void nllGradientWithRespectToEmissionsIsTheTagMarginalsMinusTheGoldOneHot() {
        LinearChainCrf crf = crf(CrfConfig.of(3), 31);
        BruteForceCrf oracle = new BruteForceCrf(crf);
        long[] lengths = {4, 2};
        Tensor emissions = Tensor.uniform(D, 32, -2, 2, 2, 4, 3).requiresGrad(true);
        Tensor tags = goldTags(oracle, 4, lengths, 33);
        try (Tape tape = Tape.open()) {
            tape.backward(crf.nll(emissions, tags, lengths, Reduction.SUM));
        }
        double[] grad = emissions.grad().toDoubleArray();
        double[] e = emissions.toDoubleArray();
        for (int s = 0; s < 2; s++) {
            int len = (int) lengths[s];
            double[][] marginals = oracle.marginals(BruteForceCrf.sequence(e, 4, 3, s, len));
            int[] gold = path(tags, s, len);
            for (int t = 0; t < 4; t++) {
                for (int j = 0; j < 3; j++) {
                    double expected = t < len ? marginals[t][j] - (gold[t] == j ? 1 : 0) : 0.0;
                    assertThat(grad[(s * 4 + t) * 3 + j]).as("dNLL/de[%d,%d,%d]", s, t, j)
                            .isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    // ---- BIO constraints ------------------------------------------------------------------------

    @Test
    void bioConstraintsAllowIOnlyAfterBOrIOfTheSameTypeAndNeverFirst() {
        TransitionConstraints c = TransitionConstraints.bio(BIO_TAGS);
        // O, B-PER, I-PER, B-LOC, I-LOC
        assertThat(new boolean[] {c.startAllowed(0), c.startAllowed(1), c.startAllowed(2), c.startAllowed(3),
            c.startAllowed(4)}).containsExactly(true, true, false, true, false);
        boolean[][] expected = {
            {true, true, false, true, false},   // from O
            {true, true, true, true, false},    // from B-PER
            {true, true, true, true, false},    // from I-PER
            {true, true, false, true, true},    // from B-LOC
            {true, true, false, true, true}};   // from I-LOC
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(c.transitionAllowed(i, j)).as("%s -> %s", BIO_TAGS.get(i), BIO_TAGS.get(j))
                        .isEqualTo(expected[i][j]);
            }
            assertThat(c.endAllowed(i)).isTrue();
        }
        assertThat(c.isUnconstrained()).isFalse();
        assertThat(TransitionConstraints.none(3).isUnconstrained()).isTrue();
    }

    @Test
    void bioConstrainedNllAndViterbiEqualBruteForceOverAllowedPathsOnly() {
        long seed = 900;
        for (long[] lengths : List.of(new long[] {4, 3, 1}, new long[] {4}, new long[] {2, 4})) {
            seed += 10;
            LinearChainCrf crf = crf(CrfConfig.bio(BIO_TAGS), seed);
            BruteForceCrf oracle = new BruteForceCrf(crf);
            assertThat(oracle.paths(4).length).as("allowed paths of length 4 are fewer than 5^4").isLessThan(625);
            int b = lengths.length;
            Tensor emissions = Tensor.uniform(D, seed + 4, -3, 3, b, 4, 5);
            Tensor tags = goldTags(oracle, 4, lengths, seed + 5);
            double[] nll = crf.nll(emissions, tags, lengths, Reduction.NONE).toDoubleArray();
            List<TagPath> decoded = crf.decode(emissions, lengths);
            double[] e = emissions.toDoubleArray();
            for (int s = 0; s < b; s++) {
                int len = (int) lengths[s];
                double[][] es = BruteForceCrf.sequence(e, 4, 5, s, len);
                assertThat(nll[s]).as("BIO NLL of sequence %d", s).isCloseTo(oracle.nll(es, path(tags, s, len)), within(1e-12));
                int[] best = oracle.best(es);
                assertThat(decoded.get(s).tags()).as("BIO Viterbi path of sequence %d", s).containsExactly(best);
                assertThat(decoded.get(s).score()).isCloseTo(oracle.score(es, best), within(1e-12));
            }
        }
    }

    @Test
    void bioConstraintsOverruleEmissionsThatFavourAForbiddenPath() {
        // Emissions shout "O I-PER I-PER": a forbidden path. Unconstrained Viterbi takes it; BIO cannot.
        double[] e = new double[3 * 5];
        e[0] = 5;            // t0: O
        e[1] = 4;            // t0: B-PER, a little less
        e[5 + 2] = 5;        // t1: I-PER
        e[10 + 2] = 5;       // t2: I-PER
        Tensor emissions = Tensor.of(D, e, 1, 3, 5);
        Map<String, Tensor> zero = Map.of("start_transitions", Tensor.zeros(D, 5),
                "end_transitions", Tensor.zeros(D, 5), "transitions", Tensor.zeros(D, 5, 5));
        LinearChainCrf free = new LinearChainCrf(CrfConfig.named(BIO_TAGS), D, new SplittableRandom(3));
        LinearChainCrf bio = new LinearChainCrf(CrfConfig.bio(BIO_TAGS), D, new SplittableRandom(3));
        free.loadStateDict(zero);
        bio.loadStateDict(zero);
        assertThat(free.decode(emissions).get(0).tags()).containsExactly(0, 2, 2);
        int[] constrained = bio.decode(emissions).get(0).tags();
        assertThat(bio.constraints().allows(constrained)).isTrue();
        assertThat(constrained).containsExactly(1, 2, 2);   // B-PER I-PER I-PER (14) beats O B-PER I-PER (10)
        assertThat(bio.decode(emissions).get(0).score()).isEqualTo(14.0);
        assertThat(bio.logPartition(emissions, new long[] {3}).item())
                .isLessThan(free.logPartition(emissions, new long[] {3}).item());
    }

    @Test
    void goldTagsThatBreakTheBioConstraintsAreRefusedWithTheirPosition() {
        LinearChainCrf crf = new LinearChainCrf(CrfConfig.bio(BIO_TAGS), D, new SplittableRandom(1));
        Tensor emissions = Tensor.zeros(D, 2, 3, 5);
        Tensor tags = Tensor.indices(new long[] {1, 2, 0, 0, 0, 4}, 2, 3);   // sequence 1: O O I-LOC
        assertThatThrownBy(() -> crf.nll(emissions, tags, new long[] {3, 3}, Reduction.SUM))
                .isInstanceOf(SeqLabException.class)
                .hasMessageContaining("sequence 1")
                .hasMessageContaining("'O' -> 'I-LOC' at t=2")
                .hasMessageContaining("IOB2");
        Tensor startsInside = Tensor.indices(new long[] {2, 2, 0, 0, 0, 0}, 2, 3);
        assertThatThrownBy(() -> crf.nll(emissions, startsInside, new long[] {3, 3}, Reduction.SUM))
                .hasMessageContaining("sequence 0").hasMessageContaining("starts with 'I-PER' at t=0");
        // the violation sits in the padding of sequence 1: ignored
        assertThat(crf.nll(emissions, tags, new long[] {3, 2}, Reduction.SUM).isFinite()).isTrue();
    }

    @Test
    void tagNamesOutsideTheBioSchemeAreRefused() {
        assertThatThrownBy(() -> CrfConfig.bio(List.of("O", "PER")))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("'PER' is not a BIO tag");
        assertThatThrownBy(() -> CrfConfig.bio(List.of("O", "I-PER")))
                .hasMessageContaining("'I-PER' has no 'B-PER'");
        assertThatThrownBy(() -> CrfConfig.bio(List.of("O", "B-PER", "O")))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> new CrfConfig(3, List.of("O", "B-X"), false))
                .hasMessageContaining("3 tags got 2 tag names");
        assertThatThrownBy(() -> new CrfConfig(2, List.of(), true)).hasMessageContaining("need the tag names");
        assertThatThrownBy(() -> CrfConfig.of(0)).hasMessageContaining("at least one tag");
    }

    // ---- gradients ------------------------------------------------------------------------------

    @Test
    void nllPassesGradientCheckForEmissionsAndAllThreeParameters() {
        Tensor tags = Tensor.indices(new long[] {0, 2, 1, 1, 2, 0, 7, 7}, 2, 4);
        // NONE: the check weights each sequence's NLL by its own random factor; MEAN: through a reduction
        for (Reduction r : List.of(Reduction.NONE, Reduction.MEAN)) {
            LinearChainCrf crf = crf(CrfConfig.of(3), 41);
            Tensor emissions = Tensor.uniform(D, 42, -2, 2, 2, 4, 3).requiresGrad(true);
            ModuleGradCheck.assertPasses("crf nll " + r, crf, List.of(emissions),
                    (m, x) -> ((LinearChainCrf) m).nll(x.get(0), tags, new long[] {4, 2}, r));
        }
    }

    @Test
    void bioConstrainedNllPassesGradientCheckAndGivesForbiddenEntriesNoGradient() {
        LinearChainCrf crf = crf(CrfConfig.bio(BIO_TAGS), 51);
        Tensor tags = Tensor.indices(new long[] {0, 1, 2, 2, 3, 4, 0, 0}, 2, 4);
        Tensor emissions = Tensor.uniform(D, 52, -2, 2, 2, 4, 5).requiresGrad(true);
        ModuleGradCheck.assertPasses("bio crf nll", crf, List.of(emissions),
                (m, x) -> ((LinearChainCrf) m).nll(x.get(0), tags, new long[] {4, 3}, Reduction.MEAN));

        try (Tape tape = Tape.open()) {
            tape.backward(crf.nll(emissions, tags, new long[] {4, 3}, Reduction.SUM));
        }
        double[] gt = crf.transitions().get().grad().toDoubleArray();
        double[] gs = crf.startTransitions().get().grad().toDoubleArray();
        TransitionConstraints c = crf.constraints();
        for (int i = 0; i < 5; i++) {
            assertThat(gs[i] == 0).as("start %d gradient is zero iff forbidden", i).isEqualTo(!c.startAllowed(i));
            for (int j = 0; j < 5; j++) {
                assertThat(gt[i * 5 + j] == 0).as("transition %d->%d gradient is zero iff forbidden", i, j)
                        .isEqualTo(!c.transitionAllowed(i, j));
            }
        }
    }

    // ---- trace ----------------------------------------------------------------------------------

    @Test
    void forwardAlgorithmLabelsEveryTimeStepOnTheTrace() {
        LinearChainCrf crf = crf(CrfConfig.bio(BIO_TAGS), 61);
        Tensor emissions = Tensor.uniform(D, 62, -1, 1, 2, 4, 5).requiresGrad(true);
        Tensor tags = Tensor.indices(new long[] {1, 2, 0, 3, 0, 0, 0, 0}, 2, 4);
        List<String> labels;
        try (Tape tape = Tape.open()) {
            tape.backward(crf.nll(emissions, tags, new long[] {4, 2}, Reduction.MEAN));
            labels = tape.trace().events().stream().map(TraceEvent::label).distinct().toList();
        }
        assertThat(labels).contains("crf/constraints", "crf/gold_score", "crf/t0",
                "crf/t1/scores", "crf/t1/logsumexp", "crf/t3/scores", "crf/t3/logsumexp", "crf/t3/mask",
                "crf/end/logsumexp", "crf/nll");
        assertThat(labels).doesNotContain("crf/t1/mask", "crf/t4/scores");   // both sequences still run at t1
    }

    // ---- inputs ---------------------------------------------------------------------------------

    @Test
    void aMaskOfLeadingOnesGivesTheSameResultsAsLengths() {
        LinearChainCrf crf = crf(CrfConfig.of(3), 71);
        Tensor emissions = Tensor.uniform(D, 72, -2, 2, 2, 4, 3);
        Tensor tags = Tensor.indices(new long[] {0, 1, 2, 0, 2, 2, 0, 0}, 2, 4);
        Tensor mask = Tensor.of(D, new double[] {1, 1, 1, 1, 1, 1, 0, 0}, 2, 4);
        long[] lengths = {4, 2};
        assertThat(crf.nll(emissions, tags, mask, Reduction.NONE).toDoubleArray())
                .containsExactly(crf.nll(emissions, tags, lengths, Reduction.NONE).toDoubleArray());
        assertThat(crf.decode(emissions, mask)).isEqualTo(crf.decode(emissions, lengths));
        Tensor holes = Tensor.of(D, new double[] {1, 0, 1, 0, 1, 1, 0, 0}, 2, 4);
        assertThatThrownBy(() -> crf.decode(emissions, holes)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("mask row 0 turns on again at t=2");
        Tensor empty = Tensor.of(D, new double[] {1, 1, 1, 1, 0, 0, 0, 0}, 2, 4);
        assertThatThrownBy(() -> crf.decode(emissions, empty)).hasMessageContaining("sequence 1 has length 0");
    }

    @Test
    void wrongShapesTagsAndLengthsGetErrorsNamingExpectedFoundAndFix() {
        LinearChainCrf crf = new LinearChainCrf(3, D, new SplittableRandom(1));
        Tensor emissions = Tensor.zeros(D, 2, 4, 3);
        Tensor tags = Tensor.indices(new long[8], 2, 4);
        long[] lengths = {4, 2};

        assertThatThrownBy(() -> crf.nll(Tensor.zeros(D, 2, 4, 5), tags, lengths, Reduction.SUM))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("(B, T, K) with K = 3").hasMessageContaining("found (2,4,5)")
                .hasMessageContaining("Linear layer to num_tags");
        assertThatThrownBy(() -> crf.decode(Tensor.zeros(D, 4, 3))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("found (4,3)");
        assertThatThrownBy(() -> crf.nll(emissions, Tensor.indices(new long[10], 2, 5), lengths, Reduction.SUM))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("tags must be (B, T) = (2, 4)").hasMessageContaining("found (2,5)");
        assertThatThrownBy(() -> crf.nll(emissions, Tensor.zeros(D, 2, 4), lengths, Reduction.SUM))
                .isInstanceOf(DTypeException.class).hasMessageContaining("int64");
        assertThatThrownBy(() -> crf.nll(emissions.to(DType.FLOAT32), tags, lengths, Reduction.SUM))
                .isInstanceOf(DTypeException.class).hasMessageContaining("emissions are float32");

        Tensor outOfRange = Tensor.indices(new long[] {0, 1, 2, 0, 1, 3, 9, 9}, 2, 4);
        assertThatThrownBy(() -> crf.nll(emissions, outOfRange, lengths, Reduction.SUM))
                .isInstanceOf(SeqLabException.class)
                .hasMessageContaining("tag 3 of sequence 1 at t=1 is not a tag index 0..2");
        Tensor negative = Tensor.indices(new long[] {0, -1, 2, 0, 1, 1, 1, 1}, 2, 4);
        assertThatThrownBy(() -> crf.nll(emissions, negative, lengths, Reduction.SUM))
                .hasMessageContaining("tag -1 of sequence 0 at t=1");

        assertThatThrownBy(() -> crf.nll(emissions, tags, new long[] {4, 0}, Reduction.SUM))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("sequence 1 has length 0").hasMessageContaining("1..4");
        assertThatThrownBy(() -> crf.decode(emissions, new long[] {5, 2}))
                .isInstanceOf(ShapeException.class).hasMessageContaining("sequence 0 has length 5");
        assertThatThrownBy(() -> crf.logPartition(emissions, new long[] {4}))
                .isInstanceOf(ShapeException.class).hasMessageContaining("1 lengths for a batch of 2");
        assertThatThrownBy(() -> crf.decode(Tensor.zeros(D, 2, 0, 3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("no sequence or no time step");
    }

    @Test
    void float32NllAndViterbiAgreeWithFloat64() {
        LinearChainCrf crf64 = crf(CrfConfig.bio(BIO_TAGS), 81);
        LinearChainCrf crf32 = new LinearChainCrf(CrfConfig.bio(BIO_TAGS), DType.FLOAT32, new SplittableRandom(1));
        crf32.loadStateDict(crf64.stateDict());
        Tensor emissions = Tensor.uniform(D, 82, -3, 3, 2, 6, 5);
        Tensor tags = Tensor.indices(new long[] {0, 1, 2, 0, 3, 4, 3, 4, 4, 0, 0, 0}, 2, 6);
        long[] lengths = {6, 3};
        double[] a = crf64.nll(emissions, tags, lengths, Reduction.NONE).toDoubleArray();
        double[] f = crf32.nll(emissions.to(DType.FLOAT32), tags, lengths, Reduction.NONE).toDoubleArray();
        assertThat(f[0]).isCloseTo(a[0], within(1e-4));
        assertThat(f[1]).isCloseTo(a[1], within(1e-4));
        List<int[]> p64 = new ArrayList<>();
        crf64.decode(emissions, lengths).forEach(p -> p64.add(p.tags()));
        List<TagPath> p32 = crf32.decode(emissions.to(DType.FLOAT32), lengths);
        assertThat(p32.get(0).tags()).containsExactly(p64.get(0));
        assertThat(p32.get(1).tags()).containsExactly(p64.get(1));
    }
}
