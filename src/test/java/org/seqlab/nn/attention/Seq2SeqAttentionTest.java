package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.nn.ModuleGradCheck;

class Seq2SeqAttentionTest {
    private static final DType D = DType.FLOAT64;
    private static final int B = 2;
    private static final int S = 5;
    private static final int H = 4;

    private static Tensor input(long seed, long... shape) {
        return Tensor.uniform(D, seed, -1, 1, shape).requiresGrad(true);
    }

    private static Tensor padding() {
        return AttentionMask.paddingFromLengths(new long[] {S, 3}, S);
    }

    private static List<Seq2SeqAttention> all() {
        return List.of(
                new AdditiveAttention(H, H, 6, false, D, new SplittableRandom(1)),
                new AdditiveAttention(H, 3, 6, true, D, new SplittableRandom(2)),
                new DotAttention(H, D),
                new GeneralAttention(H, 3, D, new SplittableRandom(3)));
    }

    private static String describe(Seq2SeqAttention a) {
        return a.getClass().getSimpleName() + " (Hq " + a.queryDim() + ", Hk " + a.keyDim() + ")";
    }

    @Test
    void parametersAreNamedAsInThePyTorchSeq2seqTutorial() {
        Map<String, Tensor> additive = new AdditiveAttention(H, 3, 6, true, D, new SplittableRandom(1)).namedParameters();
        assertThat(additive.keySet()).containsExactly("Wa.weight", "Wa.bias", "Ua.weight", "Ua.bias", "Va.weight");
        assertThat(additive.get("Wa.weight").shape().toArray()).containsExactly(6, H);
        assertThat(additive.get("Ua.weight").shape().toArray()).containsExactly(6, 3);
        assertThat(additive.get("Va.weight").shape().toArray()).containsExactly(1, 6);
        assertThat(new AdditiveAttention(H, H, 6, false, D, new SplittableRandom(1)).namedParameters().keySet())
                .containsExactly("Wa.weight", "Ua.weight", "Va.weight");
        assertThat(new DotAttention(H, D).namedParameters()).isEmpty();
        Map<String, Tensor> general = new GeneralAttention(H, 3, D, new SplittableRandom(1)).namedParameters();
        assertThat(general.keySet()).containsExactly("Wa.weight");
        assertThat(general.get("Wa.weight").shape().toArray()).containsExactly(H, 3);
    }

    @Test
    void everyVariantPassesGradientCheckWithAndWithoutSourcePadding() {
        for (Seq2SeqAttention a : all()) {
            long hk = a.keyDim();
            ModuleGradCheck.assertPasses(describe(a) + " with padding", a,
                    List.of(input(4, B, H), input(5, B, S, hk)),
                    (m, x) -> ((Seq2SeqAttention) m).forward(x.get(0), x.get(1), padding()).output());
            ModuleGradCheck.assertPasses(describe(a) + " separate values, weights", a,
                    List.of(input(6, B, H), input(7, B, S, hk), input(8, B, S, 2)),
                    (m, x) -> ((Seq2SeqAttention) m).forward(x.get(0), x.get(1), x.get(2), null).weights());
        }
    }

    @Test
    void weightsSumToOneAndAreExactlyZeroOnPadding() {
        for (Seq2SeqAttention a : all()) {
            AttentionResult r = a.forward(input(9, B, H), input(10, B, S, a.keyDim()), padding());
            assertThat(r.weights().shape().toArray()).containsExactly(B, S);
            assertThat(r.output().shape().toArray()).containsExactly(B, a.keyDim());
            double[] w = r.weights().toDoubleArray();
            for (int b = 0; b < B; b++) {
                double sum = 0;
                for (int s = 0; s < S; s++) {
                    sum += w[b * S + s];
                    if (b == 1 && s >= 3) {
                        assertThat(w[b * S + s]).as("%s: padding weight", describe(a)).isEqualTo(0.0);
                    }
                }
                assertThat(sum).as(describe(a)).isCloseTo(1.0, within(1e-12));
            }
        }
    }

    @Test
    void dotAttentionIsTheSoftmaxOfDotProductsByHand() {
        // query (1, 0); keys (2, 0), (0, 1), (1, 1): scores 2, 0, 1.
        Tensor q = Tensor.of(new double[] {1, 0}, 1, 2);
        Tensor k = Tensor.of(new double[] {2, 0, 0, 1, 1, 1}, 1, 3, 2);
        AttentionResult r = new DotAttention(2, D).forward(q, k, null);
        double z = Math.exp(2) + Math.exp(0) + Math.exp(1);
        double[] w = {Math.exp(2) / z, 1 / z, Math.exp(1) / z};
        assertThat(r.weights().toDoubleArray()).containsExactly(new double[] {w[0], w[1], w[2]}, within(1e-15));
        assertThat(r.output().toDoubleArray()).containsExactly(new double[] {2 * w[0] + w[2], w[1] + w[2]},
                within(1e-15));
    }

    @Test
    void generalAttentionScoresAreQueryTimesWTimesKey() {
        GeneralAttention a = new GeneralAttention(2, 3, D, new SplittableRandom(1));
        a.loadStateDict(Map.of("Wa.weight", Tensor.of(new double[] {1, 0, 2, 0, -1, 0}, 2, 3)));
        Tensor q = Tensor.of(new double[] {1, 3}, 1, 2);          // q^T W = (1, -3, 2)
        Tensor k = Tensor.of(new double[] {1, 0, 0, 0, 1, 1}, 1, 2, 3);  // scores 1, -1
        AttentionResult r = a.forward(q, k, null);
        double w0 = Math.exp(1) / (Math.exp(1) + Math.exp(-1));
        assertThat(r.weights().toDoubleArray()).containsExactly(new double[] {w0, 1 - w0}, within(1e-15));
    }

    @Test
    void additiveAttentionScoresAreVTanhOfTheSumByHand() {
        AdditiveAttention a = new AdditiveAttention(1, 1, 2, false, D, new SplittableRandom(1));
        a.loadStateDict(Map.of("Wa.weight", Tensor.of(new double[] {1, -1}, 2, 1),
                "Ua.weight", Tensor.of(new double[] {2, 1}, 2, 1),
                "Va.weight", Tensor.of(new double[] {1, 3}, 1, 2)));
        Tensor q = Tensor.of(new double[] {0.5}, 1, 1);
        Tensor k = Tensor.of(new double[] {0.1, -0.3}, 1, 2, 1);
        double s0 = Math.tanh(0.5 + 0.2) + 3 * Math.tanh(-0.5 + 0.1);
        double s1 = Math.tanh(0.5 - 0.6) + 3 * Math.tanh(-0.5 - 0.3);
        try (Tape tape = Tape.open()) {
            AttentionResult r = a.forward(q, k, null);
            List<TraceEvent> va = tape.trace().matching("additiveattention/scores/Va");
            TraceEvent scores = va.get(va.size() - 1);   // Va's matmul, after the transpose of its weight
            assertThat(scores.value().toDoubleArray()).containsExactly(new double[] {s0, s1}, within(1e-15));
            double w0 = 1 / (1 + Math.exp(s1 - s0));
            assertThat(r.weights().toDoubleArray()).containsExactly(new double[] {w0, 1 - w0}, within(1e-15));
        }
    }

    @Test
    void traceLabelsScoresMaskedWeightsAndContext() {
        Seq2SeqAttention a = new DotAttention(H, D);
        a.labelled("decoder/attention");
        try (Tape tape = Tape.open()) {
            a.forward(input(11, B, H), input(12, B, S, H), padding());
            List<String> labels = tape.trace().phase(Phase.FORWARD).stream().map(TraceEvent::label).distinct().toList();
            assertThat(labels).containsSubsequence("decoder/attention/scores", "decoder/attention/masked",
                    "decoder/attention/weights", "decoder/attention/context");
            TraceEvent masked = tape.trace().matching("decoder/attention/masked").get(0);
            assertThat(masked.value().get(1, 4)).isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void badShapesAndAllPaddingSourcesAreRefusedWithTheFix() {
        AdditiveAttention a = new AdditiveAttention(H, 3, 6, false, D, new SplittableRandom(1));
        assertThatThrownBy(() -> a.forward(input(13, B, S, H), input(14, B, S, 3), null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected the decoder state as query (B, 4), found (2,5,4)");
        assertThatThrownBy(() -> a.forward(input(15, B, H), input(16, B, S, 4), null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("keys (B, S, 3) with B = 2, found (2,5,4)");
        assertThatThrownBy(() -> a.forward(input(17, B, H), input(18, B, S, 3), Tensor.zeros(D, B, S - 1)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("source padding mask (B, S) = (2,5), found (2,4)");
        Tensor empty = AttentionMask.paddingFromLengths(new long[] {2, 0}, S);
        assertThatThrownBy(() -> a.forward(input(19, B, H), input(20, B, S, 3), empty))
                .isInstanceOf(AttentionMaskException.class)
                .hasMessageContaining("every key is masked for batch 1");
    }

    @Test
    void everyStepAtOnceGivesEachStepsContextAndWeightsForEveryScore() {
        List<Seq2SeqAttention> kinds = List.of(new AdditiveAttention(H, H, H, true, D, new SplittableRandom(1)),
                new DotAttention(H, D), new GeneralAttention(H, H, D, new SplittableRandom(2)));
        Tensor queries = input(7, B, 3, H);
        Tensor keys = input(8, B, S, H);
        for (Seq2SeqAttention a : kinds) {
            AttentionResult all = a.forwardAll(queries, keys, keys, padding());
            assertThat(all.output().shape().toArray()).containsExactly(B, 3, H);
            assertThat(all.weights().shape().toArray()).containsExactly(B, 3, S);
            for (int t = 0; t < 3; t++) {
                AttentionResult one = a.forward(org.seqlab.autograd.ops.F.select(queries, 1, t), keys, padding());
                assertThat(org.seqlab.autograd.ops.F.select(all.output(), 1, t).toDoubleArray())
                        .as("%s context at %d", a.getClass().getSimpleName(), t)
                        .containsExactly(one.output().toDoubleArray(), within(1e-14));
                assertThat(org.seqlab.autograd.ops.F.select(all.weights(), 1, t).toDoubleArray())
                        .as("%s weights at %d", a.getClass().getSimpleName(), t)
                        .containsExactly(one.weights().toDoubleArray(), within(1e-14));
            }
        }
    }
}
