package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
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
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Module;
import org.seqlab.nn.ModuleGradCheck;

class MultiheadAttentionTest {
    private static final DType D = DType.FLOAT64;
    private static final int B = 2;
    private static final int T = 4;
    private static final int S = 5;
    private static final int E = 8;
    private static final int NH = 2;

    private static Tensor input(long seed, long... shape) {
        return Tensor.uniform(D, seed, -1, 1, shape).requiresGrad(true);
    }

    private static MultiheadAttention mha(long seed) {
        MultiheadAttention m = new MultiheadAttention(E, NH, 0.0, D, new SplittableRandom(seed));
        randomizeBiases(m, seed);
        return m;
    }

    /** PyTorch starts the biases at zero; checks and references need them non-zero to see them at all. */
    static void randomizeBiases(Module m, long seed) {
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(m.namedParameters());
        long s = seed * 31;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (e.getKey().endsWith("bias")) {
                e.setValue(Tensor.uniform(D, s++, -0.5, 0.5, e.getValue().shape().toArray()));
            }
        }
        m.loadStateDict(state);
    }

    /** Right padding: sequence 0 is full, sequence 1 has {@code len1} real keys. */
    private static Tensor padding(int keys, int len1) {
        return AttentionMask.paddingFromLengths(new long[] {keys, len1}, keys);
    }

    private static Tensor userMask(int t, int s) {
        double[] m = new double[t * s];
        for (int i = 0; i < t; i++) {
            m[i * s + (i + 1) % s] = 1;   // hide one key per query, never all of them
        }
        return Tensor.of(m, t, s);
    }

    // ---- parameters ---------------------------------------------------------------------------------

    @Test
    void parametersHavePyTorchStateDictNamesShapesAndInit() {
        MultiheadAttention m = new MultiheadAttention(16, 4, 0.1, D, new SplittableRandom(1));
        Map<String, Tensor> p = m.namedParameters();
        assertThat(p.keySet()).containsExactly("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias");
        assertThat(p.get("in_proj_weight").shape().toArray()).containsExactly(48, 16);
        assertThat(p.get("in_proj_bias").shape().toArray()).containsExactly(48);
        assertThat(p.get("out_proj.weight").shape().toArray()).containsExactly(16, 16);
        assertThat(p.get("out_proj.bias").shape().toArray()).containsExactly(16);

        double xavier = Math.sqrt(6.0 / (16 + 48));
        double[] w = p.get("in_proj_weight").toDoubleArray();
        assertThat(Arrays.stream(w).allMatch(v -> Math.abs(v) <= xavier)).isTrue();
        assertThat(Arrays.stream(w).map(Math::abs).max().orElseThrow()).isGreaterThan(0.9 * xavier);
        double linear = 1 / Math.sqrt(16);
        double[] wo = p.get("out_proj.weight").toDoubleArray();
        assertThat(Arrays.stream(wo).allMatch(v -> Math.abs(v) <= linear)).isTrue();
        assertThat(Arrays.stream(wo).map(Math::abs).max().orElseThrow()).isGreaterThan(0.9 * linear);
        assertThat(p.get("in_proj_bias").toDoubleArray()).containsOnly(0.0);
        assertThat(p.get("out_proj.bias").toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void withoutBiasThereAreOnlyTheTwoWeights() {
        MultiheadAttention m = new MultiheadAttention(E, NH, 0.0, false, D, new SplittableRandom(1));
        assertThat(m.namedParameters().keySet()).containsExactly("in_proj_weight", "out_proj.weight");
        ModuleGradCheck.assertPasses("mha without bias", m, List.of(input(1, B, T, E)),
                (mod, x) -> ((MultiheadAttention) mod).forward(x.get(0), AttentionMask.causal()).output());
    }

    @Test
    void embedDimMustBeAMultipleOfTheHeads() {
        assertThatThrownBy(() -> new MultiheadAttention(10, 3, 0.0, D, new SplittableRandom(1)))
                .hasMessageContaining("embed_dim 10 must be a positive multiple of num_heads 3");
    }

    // ---- numbers ------------------------------------------------------------------------------------

    @Test
    void selfAttentionMatchesAPerHeadReferenceUnderCausalAndPaddingMasks() {
        MultiheadAttention m = mha(3);
        Tensor x = input(4, B, T, E);
        Tensor pad = padding(T, 3);
        AttentionResult r = m.forward(x, AttentionMask.causal().withKeyPadding(pad));
        Reference ref = Reference.of(m);
        double[][] expected = ref.forward(x, x, x, pad, true, null);
        assertThat(r.output().shape().toArray()).containsExactly(B, T, E);
        assertThat(r.weights().shape().toArray()).containsExactly(B, NH, T, T);
        assertClose(r.output().toDoubleArray(), expected[0], 1e-12);
        assertClose(r.weights().toDoubleArray(), expected[1], 1e-12);
    }

    @Test
    void crossAttentionMatchesAPerHeadReferenceWithSharedOrSeparateKeysAndValues() {
        MultiheadAttention m = mha(5);
        Tensor q = input(6, B, T, E);
        Tensor memory = input(7, B, S, E);
        Tensor value = input(8, B, S, E);
        Tensor pad = padding(S, 2);
        Tensor user = userMask(T, S);
        Reference ref = Reference.of(m);

        AttentionResult shared = m.forward(q, memory, memory, AttentionMask.keyPadding(pad));
        double[][] e1 = ref.forward(q, memory, memory, pad, false, null);
        assertClose(shared.output().toDoubleArray(), e1[0], 1e-12);
        assertClose(shared.weights().toDoubleArray(), e1[1], 1e-12);

        AttentionResult separate = m.forward(q, memory, value, AttentionMask.of(user).withKeyPadding(pad));
        double[][] e2 = ref.forward(q, memory, value, pad, false, user);
        assertThat(separate.weights().shape().toArray()).containsExactly(B, NH, T, S);
        assertClose(separate.output().toDoubleArray(), e2[0], 1e-12);
        assertClose(separate.weights().toDoubleArray(), e2[1], 1e-12);
    }

    @Test
    void packedAndSeparateProjectionsGiveTheSameSelfAttention() {
        MultiheadAttention m = mha(9);
        Tensor x = input(10, B, T, E);
        double[] packed = m.forward(x, AttentionMask.causal()).output().toDoubleArray();
        double[] separate = m.forward(x, x.copy(), x.copy(), AttentionMask.causal()).output().toDoubleArray();
        assertClose(separate, packed, 1e-13);
    }

    @Test
    void weightRowsSumToOneAndAreExactlyZeroAtMaskedKeys() {
        MultiheadAttention m = mha(11);
        Tensor pad = padding(T, 2);
        Tensor user = userMask(T, T);
        AttentionResult r = m.forward(input(12, B, T, E), AttentionMask.causal().withKeyPadding(pad).withAttnMask(user));
        double[] w = r.weights().toDoubleArray();
        double[] p = pad.toDoubleArray();
        double[] u = user.toDoubleArray();
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    double sum = 0;
                    for (int s = 0; s < T; s++) {
                        double v = w[((b * NH + h) * T + t) * T + s];
                        sum += v;
                        boolean masked = s > t || p[b * T + s] != 0 || u[t * T + s] != 0;
                        if (masked) {
                            assertThat(v).as("weight b%d h%d t%d s%d", b, h, t, s).isEqualTo(0.0);
                        } else {
                            assertThat(v).as("weight b%d h%d t%d s%d", b, h, t, s).isGreaterThan(0.0);
                        }
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-12));
                }
            }
        }
    }

    @Test
    void causalOutputsAtEarlierPositionsIgnoreLaterInputs() {
        MultiheadAttention m = mha(13);
        double[] x = Tensor.uniform(D, 14, -1, 1, B, T, E).toDoubleArray();
        double[] before = m.forward(Tensor.of(x, B, T, E), AttentionMask.causal()).output().toDoubleArray();
        int late = T - 1;
        for (int b = 0; b < B; b++) {
            for (int e = 0; e < E; e++) {
                x[(b * T + late) * E + e] += 0.5;
            }
        }
        double[] after = m.forward(Tensor.of(x, B, T, E), AttentionMask.causal()).output().toDoubleArray();
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                double change = 0;
                for (int e = 0; e < E; e++) {
                    change = Math.max(change, Math.abs(after[(b * T + t) * E + e] - before[(b * T + t) * E + e]));
                }
                if (t < late) {
                    assertThat(change).as("output b%d t%d moved after changing input t%d", b, t, late).isLessThan(1e-14);
                } else {
                    assertThat(change).as("output at the changed position").isGreaterThan(1e-3);
                }
            }
        }
    }

    // ---- gradients ----------------------------------------------------------------------------------

    @Test
    void selfAttentionPassesGradientCheckUnderEveryMask() {
        Tensor pad = padding(T, 3);
        Map<String, AttentionMask> masks = new java.util.LinkedHashMap<>();
        masks.put("no mask", AttentionMask.none());
        masks.put("causal", AttentionMask.causal());
        masks.put("key padding", AttentionMask.keyPadding(pad));
        masks.put("user mask", AttentionMask.of(userMask(T, T)));
        masks.put("causal + key padding", AttentionMask.causal().withKeyPadding(pad));
        for (Map.Entry<String, AttentionMask> e : masks.entrySet()) {
            MultiheadAttention m = mha(15);
            ModuleGradCheck.assertPasses("self-attention, " + e.getKey(), m, List.of(input(16, B, T, E)),
                    (mod, x) -> ((MultiheadAttention) mod).forward(x.get(0), e.getValue()).output());
        }
    }

    @Test
    void crossAttentionPassesGradientCheckForQueryKeyAndValue() {
        Tensor pad = padding(S, 2);
        MultiheadAttention m = mha(17);
        ModuleGradCheck.assertPasses("cross-attention over a memory, key padding", m,
                List.of(input(18, B, T, E), input(19, B, S, E)),
                (mod, x) -> ((MultiheadAttention) mod).forward(x.get(0), x.get(1), x.get(1),
                        AttentionMask.keyPadding(pad)).output());
        ModuleGradCheck.assertPasses("attention with separate q, k, v, user mask + key padding", m,
                List.of(input(20, B, T, E), input(21, B, S, E), input(22, B, S, E)),
                (mod, x) -> ((MultiheadAttention) mod).forward(x.get(0), x.get(1), x.get(2),
                        AttentionMask.of(userMask(T, S)).withKeyPadding(pad)).output());
    }

    @Test
    void theReturnedWeightsPassGradientCheckToo() {
        MultiheadAttention m = mha(23);
        ModuleGradCheck.assertPasses("weights of causal self-attention", m, List.of(input(24, B, T, E)),
                (mod, x) -> ((MultiheadAttention) mod).forward(x.get(0), AttentionMask.causal()).weights());
    }

    @Test
    void attentionDropoutPassesGradientCheckWithAFixedMask() {
        MultiheadAttention m = new MultiheadAttention(E, NH, 0.3, D, new SplittableRandom(25));
        randomizeBiases(m, 25);
        ModuleGradCheck.assertPasses("self-attention with dropout 0.3 on the weights", m, List.of(input(26, B, T, E)),
                (mod, x) -> {
                    reseedDropouts(mod, 7);
                    return ((MultiheadAttention) mod).forward(x.get(0), AttentionMask.causal()).output();
                });
    }

    static void reseedDropouts(Module m, long seed) {
        if (m instanceof Dropout) {
            ((Dropout) m).reseed(seed);
        }
        for (Module c : m.children().values()) {
            reseedDropouts(c, seed);
        }
    }

    // ---- the trace ----------------------------------------------------------------------------------

    @Test
    void traceShowsScoresScaledMaskedAndWeightsOfAllHeadsAsLabelledEvents() {
        MultiheadAttention m = mha(27);
        m.labelled("self_attn");
        Tensor pad = padding(T, 3);
        try (Tape tape = Tape.open()) {
            AttentionResult r = m.forward(input(28, B, T, E), AttentionMask.causal().withKeyPadding(pad));
            tape.backward(F.sum(r.output()));
            List<TraceEvent> fwd = tape.trace().phase(Phase.FORWARD);
            TraceEvent scores = only(fwd, "self_attn/attn/scores", "matmul");
            TraceEvent scaled = only(fwd, "self_attn/attn/scaled", "mul");
            TraceEvent masked = only(fwd, "self_attn/attn/masked", "masked_fill");
            TraceEvent weights = only(fwd, "self_attn/attn/weights", "softmax");
            for (TraceEvent ev : List.of(scores, scaled, masked, weights)) {
                assertThat(ev.outputShape().toArray()).as(ev.label()).containsExactly(B, NH, T, T);
            }
            assertThat(ev(scaled.value(), 1, 1, 2, 1)).isCloseTo(ev(scores.value(), 1, 1, 2, 1) / Math.sqrt(E / NH),
                    within(1e-12));
            assertThat(ev(masked.value(), 0, 0, 1, 2)).isEqualTo(Double.NEGATIVE_INFINITY);   // the future
            assertThat(ev(masked.value(), 1, 1, 3, 3)).isEqualTo(Double.NEGATIVE_INFINITY);   // padding
            assertThat(ev(masked.value(), 1, 1, 2, 1)).isEqualTo(ev(scaled.value(), 1, 1, 2, 1));
            assertThat(weights.value().toDoubleArray()).containsExactly(r.weights().toDoubleArray());
            List<String> labels = fwd.stream().map(TraceEvent::label).distinct().toList();
            assertThat(labels).contains("self_attn/in_proj", "self_attn/q", "self_attn/k", "self_attn/v",
                    "self_attn/attn/context", "self_attn/merge_heads", "self_attn/out_proj");
            assertThat(tape.trace().matching("*/attn/weights").stream().filter(e -> e.phase() == Phase.BACKWARD))
                    .hasSize(1);
        }
    }

    @Test
    void withoutAMaskThereIsNoMaskedEvent() {
        MultiheadAttention m = mha(29);
        try (Tape tape = Tape.open()) {
            m.forward(input(30, B, T, E), AttentionMask.none());
            assertThat(tape.trace().matching("*/attn/masked")).isEmpty();
            assertThat(tape.trace().matching("*/attn/weights")).hasSize(1);
        }
    }

    private static TraceEvent only(List<TraceEvent> events, String label, String op) {
        List<TraceEvent> found = events.stream().filter(e -> e.label().equals(label)).toList();
        assertThat(found).as("events labelled %s", label).hasSize(1);
        assertThat(found.get(0).op()).isEqualTo(op);
        return found.get(0);
    }

    private static double ev(Tensor t, long... index) {
        return t.get(index);
    }

    // ---- bad input ----------------------------------------------------------------------------------

    @Test
    void aQueryWithEveryKeyMaskedIsRefusedWithTheFix() {
        MultiheadAttention m = mha(31);
        m.labelled("self_attn");
        Tensor leftPadded = Tensor.of(new double[] {0, 0, 0, 0, 1, 1, 0, 0}, B, T);
        assertThatThrownBy(() -> m.forward(input(32, B, T, E), AttentionMask.causal().withKeyPadding(leftPadded)))
                .isInstanceOf(AttentionMaskException.class)
                .hasMessageContaining("at self_attn/attn")
                .hasMessageContaining("every key is masked for batch 1, query 0")
                .hasMessageContaining("PyTorch returns NaN")
                .hasMessageContaining("pad on the right");
    }

    @Test
    void masksOfTheWrongShapeNameBothShapes() {
        MultiheadAttention m = mha(33);
        m.labelled("self_attn");
        assertThatThrownBy(() -> m.forward(input(34, B, T, E), AttentionMask.keyPadding(Tensor.zeros(D, B, T + 1))))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("Key padding mask at self_attn: expected (B, S) = (2,4), found (2,5)");
        assertThatThrownBy(() -> m.forward(input(35, B, T, E), AttentionMask.of(Tensor.zeros(D, T, T - 1))))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected (T, S) = (4,4), found (4,3)");
        assertThatThrownBy(() -> AttentionMask.keyPadding(Tensor.zeros(D, B, 1, T)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("(B, S)");
    }

    @Test
    void inputsOfTheWrongWidthAreRefused() {
        MultiheadAttention m = mha(36);
        assertThatThrownBy(() -> m.forward(input(37, B, T, E + 1), AttentionMask.none()))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected (B, length, 8) inputs")
                .hasMessageContaining("found query (2,4,9)");
    }

    @Test
    void paddingFromLengthsMarksPositionsPastEachLength() {
        assertThat(AttentionMask.paddingFromLengths(new long[] {3, 1, 0}, 3).toDoubleArray())
                .containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 1);
        assertThatThrownBy(() -> AttentionMask.paddingFromLengths(new long[] {4}, 3))
                .hasMessageContaining("Sequence 0 has length 4, outside 0..3");
    }

    private static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(tol));
        }
    }

    /** Multi-head attention written head by head in plain double loops, from PyTorch's definition. */
    private record Reference(double[] w, double[] bias, double[] wo, double[] bo) {
        static Reference of(MultiheadAttention m) {
            Map<String, Tensor> p = m.namedParameters();
            return new Reference(p.get("in_proj_weight").toDoubleArray(), p.get("in_proj_bias").toDoubleArray(),
                    p.get("out_proj.weight").toDoubleArray(), p.get("out_proj.bias").toDoubleArray());
        }

        /** Returns {output (B,T,E), weights (B,nh,T,S)}. */
        double[][] forward(Tensor query, Tensor key, Tensor value, Tensor keyPadding, boolean causal, Tensor user) {
            int b = (int) query.size(0);
            int t = (int) query.size(1);
            int s = (int) key.size(1);
            int hs = E / NH;
            double[] q = project(query.toDoubleArray(), b * t, 0);
            double[] k = project(key.toDoubleArray(), b * s, 1);
            double[] v = project(value.toDoubleArray(), b * s, 2);
            double[] pad = keyPadding == null ? null : keyPadding.toDoubleArray();
            double[] um = user == null ? null : user.toDoubleArray();
            double[] weights = new double[b * NH * t * s];
            double[] ctx = new double[b * t * E];
            for (int bi = 0; bi < b; bi++) {
                for (int h = 0; h < NH; h++) {
                    for (int i = 0; i < t; i++) {
                        double[] row = new double[s];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < s; j++) {
                            boolean masked = (causal && j > i) || (pad != null && pad[bi * s + j] != 0)
                                    || (um != null && um[i * s + j] != 0);
                            double dot = 0;
                            for (int c = 0; c < hs; c++) {
                                dot += q[(bi * t + i) * E + h * hs + c] * k[(bi * s + j) * E + h * hs + c];
                            }
                            row[j] = masked ? Double.NEGATIVE_INFINITY : dot / Math.sqrt(hs);
                            max = Math.max(max, row[j]);
                        }
                        double sum = 0;
                        for (int j = 0; j < s; j++) {
                            row[j] = Math.exp(row[j] - max);
                            sum += row[j];
                        }
                        for (int j = 0; j < s; j++) {
                            double a = row[j] / sum;
                            weights[((bi * NH + h) * t + i) * s + j] = a;
                            for (int c = 0; c < hs; c++) {
                                ctx[(bi * t + i) * E + h * hs + c] += a * v[(bi * s + j) * E + h * hs + c];
                            }
                        }
                    }
                }
            }
            double[] out = new double[b * t * E];
            for (int r = 0; r < b * t; r++) {
                for (int o = 0; o < E; o++) {
                    double acc = bo[o];
                    for (int c = 0; c < E; c++) {
                        acc += ctx[r * E + c] * wo[o * E + c];
                    }
                    out[r * E + o] = acc;
                }
            }
            return new double[][] {out, weights};
        }

        /** Rows of {@code x (n, E)} through block {@code which} (q, k, v) of the packed in-projection. */
        private double[] project(double[] x, int n, int which) {
            double[] y = new double[n * E];
            for (int r = 0; r < n; r++) {
                for (int o = 0; o < E; o++) {
                    double acc = bias[which * E + o];
                    for (int c = 0; c < E; c++) {
                        acc += x[r * E + c] * w[(which * E + o) * E + c];
                    }
                    y[r * E + o] = acc;
                }
            }
            return y;
        }
    }
}
