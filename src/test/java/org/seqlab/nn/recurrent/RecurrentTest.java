package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.ModuleGradCheck;
import org.seqlab.nn.WeightsMismatchException;

class RecurrentTest {
    private static final DType D = DType.FLOAT64;
    private static final long[] LENGTHS = {3, 1};

    private static Tensor input(long seed, long... shape) {
        return Tensor.uniform(D, seed, -1, 1, shape).requiresGrad(true);
    }

    /** 2 layers, bidirectional, I = 3, H = 2. */
    private static RecurrentConfig stack(CellKind kind) {
        return new RecurrentConfig(kind, 3, 2, 2, true, true, 0.0, 0.0);
    }

    private static Recurrent build(RecurrentConfig config, long seed) {
        return new Recurrent(config, D, new SplittableRandom(seed));
    }

    /** {@code x[b, t, from:to]} as doubles. */
    private static double[] at(Tensor x, int b, int t, long from, long to) {
        return F.slice(F.select(F.select(x, 0, b), 0, t), 0, from, to).toDoubleArray();
    }

    private static List<Double> boxed(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    // ---- gradients --------------------------------------------------------------------------------

    @Test
    void stackedBidirectionalPaddedLstmPassesGradientCheck() {
        assertStackPassesGradientCheck(CellKind.LSTM);
    }

    @Test
    void stackedBidirectionalPaddedGruPassesGradientCheck() {
        assertStackPassesGradientCheck(CellKind.GRU);
    }

    @Test
    void stackedBidirectionalPaddedTanhAndReluRnnsPassGradientCheck() {
        assertStackPassesGradientCheck(CellKind.RNN_TANH);
        assertStackPassesGradientCheck(CellKind.RNN_RELU);
    }

    /** 2 layers, both directions, lengths {3, 1}, I = H = 2: x, h_0, c_0 and all 16 weights, entry by entry. */
    private static void assertStackPassesGradientCheck(CellKind kind) {
        Recurrent rnn = build(stack(kind).withInputSize(2), 100 + kind.ordinal());
        Tensor x = input(1, 2, 3, 2);
        Tensor h0 = input(2, 4, 2, 2);
        String name = kind + " 2 layers, bidirectional, lengths {3, 1}";
        if (kind.hasCellState()) {
            Tensor c0 = input(3, 4, 2, 2);
            ModuleGradCheck.assertPasses(name, rnn, List.of(x, h0, c0),
                    (m, in) -> flat(((Recurrent) m).forward(in.get(0), LENGTHS, in.get(1), in.get(2))));
        } else {
            ModuleGradCheck.assertPasses(name, rnn, List.of(x, h0),
                    (m, in) -> flat(((Recurrent) m).forward(in.get(0), LENGTHS, in.get(1), null)));
        }
    }

    @Test
    void noInitialStateMeansZeroStatesAndNoBiasMeansZeroBiases() {
        for (CellKind kind : CellKind.values()) {
            Recurrent rnn = build(stack(kind), 7);
            Tensor x = input(1, 2, 3, 3);
            Tensor zeros = Tensor.zeros(D, 4, 2, 2);
            RecurrentOutput implicit = rnn.forward(x, LENGTHS);
            RecurrentOutput explicit = rnn.forward(x, LENGTHS, zeros, kind.hasCellState() ? zeros : null);
            assertThat(implicit.output().toDoubleArray()).containsExactly(explicit.output().toDoubleArray());
            assertThat(implicit.hN().toDoubleArray()).containsExactly(explicit.hN().toDoubleArray());

            Recurrent noBias = build(stack(kind).withBias(false), 8);
            assertThat(noBias.namedParameters().keySet()).hasSize(8).noneMatch(n -> n.startsWith("bias"));
            Map<String, Tensor> withZeroBias = new LinkedHashMap<>(noBias.stateDict());
            rnn.namedParameters().forEach((name, t) -> withZeroBias.putIfAbsent(name, Tensor.zeros(D,
                    t.shape().toArray())));
            rnn.loadStateDict(withZeroBias);
            assertThat(noBias.forward(x, LENGTHS).output().toDoubleArray())
                    .containsExactly(rnn.forward(x, LENGTHS).output().toDoubleArray());
        }
    }

    /** output, h_n and c_n in one vector, so one check covers all three. */
    private static Tensor flat(RecurrentOutput out) {
        List<Tensor> parts = new ArrayList<>();
        parts.add(F.reshape(out.output(), -1));
        parts.add(F.reshape(out.hN(), -1));
        if (out.cN() != null) {
            parts.add(F.reshape(out.cN(), -1));
        }
        return F.concat(0, parts);
    }

    // ---- padding: packed-sequence semantics --------------------------------------------------------

    @Test
    void outputsPastASequencesLengthAreZero() {
        for (CellKind kind : CellKind.values()) {
            RecurrentOutput out = build(stack(kind), 1).forward(input(1, 2, 3, 3), LENGTHS);
            assertThat(out.output().shape().toArray()).containsExactly(2, 3, 4);
            for (int t = 1; t < 3; t++) {
                assertThat(boxed(at(out.output(), 1, t, 0, 4))).as("%s sequence 1 at t=%d", kind, t)
                        .allMatch(v -> v == 0);
            }
            for (int t = 0; t < 3; t++) {
                assertThat(boxed(at(out.output(), 0, t, 0, 4))).as("%s sequence 0 at t=%d", kind, t)
                        .anyMatch(v -> v != 0);
            }
        }
    }

    @Test
    void finalHiddenStateIsTheOutputAtLengthMinusOneForwardAndAtZeroReverse() {
        for (CellKind kind : CellKind.values()) {
            RecurrentConfig cfg = new RecurrentConfig(kind, 3, 2, 1, true, true, 0.0, 0.0);
            RecurrentOutput out = build(cfg, 2).forward(input(1, 2, 3, 3), LENGTHS);
            assertThat(out.hN().shape().toArray()).containsExactly(2, 2, 2);
            for (int b = 0; b < 2; b++) {
                int last = (int) LENGTHS[b] - 1;
                assertThat(at(out.hN(), 0, b, 0, 2)).as("%s forward h_n of sequence %d", kind, b)
                        .containsExactly(at(out.output(), b, last, 0, 2));
                assertThat(at(out.hN(), 1, b, 0, 2)).as("%s reverse h_n of sequence %d", kind, b)
                        .containsExactly(at(out.output(), b, 0, 2, 4));
            }
            assertThat(out.cN() != null).isEqualTo(kind == CellKind.LSTM);
        }
    }

    @Test
    void aPaddedSequenceGivesExactlyWhatItGivesAlone() {
        for (CellKind kind : CellKind.values()) {
            Recurrent rnn = build(stack(kind), 3);
            Tensor x = input(1, 2, 3, 3);
            Tensor h0 = input(2, 4, 2, 2);
            Tensor c0 = kind.hasCellState() ? input(3, 4, 2, 2) : null;
            RecurrentOutput batch = rnn.forward(x, LENGTHS, h0, c0);
            // Sequence 1 (length 1) run alone, as a batch of one of length 1.
            RecurrentOutput alone = rnn.forward(F.slice(F.slice(x, 0, 1, 2), 1, 0, 1), null,
                    F.slice(h0, 1, 1, 2), c0 == null ? null : F.slice(c0, 1, 1, 2));
            assertThat(at(batch.output(), 1, 0, 0, 4)).as(kind + " output")
                    .containsExactly(alone.output().toDoubleArray(), within(1e-14));
            assertThat(F.slice(batch.hN(), 1, 1, 2).toDoubleArray()).as(kind + " h_n")
                    .containsExactly(alone.hN().toDoubleArray(), within(1e-14));
            if (c0 != null) {
                assertThat(F.slice(batch.cN(), 1, 1, 2).toDoubleArray()).as(kind + " c_n")
                        .containsExactly(alone.cN().toDoubleArray(), within(1e-14));
            }
        }
    }

    @Test
    void fullLengthsGiveTheSameResultsAsNoLengthsAndRecordNoMask() {
        Recurrent rnn = build(stack(CellKind.LSTM), 4);
        Tensor x = input(1, 2, 3, 3);
        RecurrentOutput a;
        try (Tape both = Tape.open()) {                 // the same (traced) route as b's, so equal to the last bit
            a = rnn.forward(x);
        }
        try (Tape tape = Tape.open()) {
            RecurrentOutput b = rnn.forward(x, new long[] {3, 3});
            assertThat(b.output().toDoubleArray()).containsExactly(a.output().toDoubleArray());
            assertThat(b.hN().toDoubleArray()).containsExactly(a.hN().toDoubleArray());
            assertThat(tape.trace().matching("*/mask")).isEmpty();
        }
    }

    @Test
    void theUnrolledLayerEqualsItsCellSteppedByHandInBothDirections() {
        for (CellKind kind : CellKind.values()) {
            Recurrent rnn = build(new RecurrentConfig(kind, 3, 2, 1, true, true, 0.0, 0.0), 5);
            Tensor x = input(1, 2, 4, 3);
            RecurrentOutput out = rnn.forward(x);
            for (boolean reverse : new boolean[] {false, true}) {
                RecurrentCell cell = switch (kind) {
                    case LSTM -> new LstmCell(3, 2, D, new SplittableRandom(0));
                    case GRU -> new GruCell(3, 2, D, new SplittableRandom(0));
                    case RNN_TANH -> new RnnCell(3, 2, RnnCell.Nonlinearity.TANH, true, D, new SplittableRandom(0));
                    case RNN_RELU -> new RnnCell(3, 2, RnnCell.Nonlinearity.RELU, true, D, new SplittableRandom(0));
                };
                String suffix = reverse ? "_l0_reverse" : "_l0";
                Map<String, Tensor> w = new LinkedHashMap<>();
                for (String name : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                    w.put(name, rnn.namedParameters().get(name + suffix));
                }
                cell.loadStateDict(w);
                CellState s = cell.zeroState(2);
                for (int i = 0; i < 4; i++) {
                    int t = reverse ? 3 - i : i;
                    s = cell.forward(F.select(x, 1, t), s);
                    double[] expected = s.h().toDoubleArray();
                    for (int b = 0; b < 2; b++) {
                        assertThat(at(out.output(), b, t, reverse ? 2 : 0, reverse ? 4 : 2))
                                .as("%s%s output[%d, %d]", kind, suffix, b, t)
                                .containsExactly(new double[] {expected[2 * b], expected[2 * b + 1]}, within(1e-14));
                    }
                }
            }
        }
    }

    // ---- trace labels --------------------------------------------------------------------------------

    @Test
    void theTraceHasEveryGateLabelForEveryLayerDirectionAndTimeStep() {
        for (CellKind kind : CellKind.values()) {
            Recurrent rnn = build(stack(kind), 6);
            rnn.labelled("encoder");
            try (Tape tape = Tape.open()) {
                RecurrentOutput out = rnn.forward(input(1, 2, 3, 3), LENGTHS);
                tape.backward(F.sum(flat(out)));
                Trace trace = tape.trace();
                for (int layer = 0; layer < 2; layer++) {
                    for (boolean reverse : new boolean[] {false, true}) {
                        String dir = "encoder/" + RecurrentLabels.direction(layer, reverse);
                        assertThat(trace.matching(dir + "/input_projection")).as(dir).isNotEmpty();
                        for (int t = 0; t < 3; t++) {
                            assertThat(trace.matching(dir + "/t" + t + "/projection")).isNotEmpty();
                            for (String gate : kind.stepLabels()) {
                                String label = "encoder/" + RecurrentLabels.gate(layer, reverse, t, gate);
                                assertThat(trace.matching(label)).as("%s: %s forward and backward", kind, label)
                                        .anyMatch(e -> e.phase() == Phase.FORWARD)
                                        .anyMatch(e -> e.phase() == Phase.BACKWARD);
                            }
                            // Sequence 1 has length 1: t1 and t2 are masked (output, h: 3 ops; c: 3 more), t0 is not.
                            assertThat(trace.matching(dir + "/t" + t + "/mask"))
                                    .as(dir + " t" + t + " mask").filteredOn(e -> e.phase() == Phase.FORWARD)
                                    .hasSize(t == 0 ? 0 : kind.hasCellState() ? 6 : 3);
                        }
                    }
                }
                assertThat(trace.matching("encoder/h_n")).filteredOn(e -> e.phase() == Phase.FORWARD).hasSize(1);
                assertThat(trace.matching("encoder/l0/output")).isNotEmpty();
            }
        }
    }

    @Test
    void theReverseDirectionVisitsTheLastStepFirst() {
        Recurrent rnn = build(new RecurrentConfig(CellKind.GRU, 3, 2, 1, true, true, 0.0, 0.0), 6);
        rnn.labelled("gru");
        try (Tape tape = Tape.open()) {
            rnn.forward(input(1, 1, 4, 3));
            List<String> order = new ArrayList<>();
            for (TraceEvent e : tape.trace().matching("gru/l0*/t?/hidden")) {
                String step = e.label().split("/")[1] + "/" + e.label().split("/")[2];
                if (order.isEmpty() || !order.get(order.size() - 1).equals(step)) {
                    order.add(step);
                }
            }
            assertThat(order).containsExactly("l0/t0", "l0/t1", "l0/t2", "l0/t3",
                    "l0_reverse/t3", "l0_reverse/t2", "l0_reverse/t1", "l0_reverse/t0");
        }
    }

    // ---- weights: PyTorch's state_dict --------------------------------------------------------------

    @Test
    void parametersAreNamedAndShapedLikePyTorchsStateDict() {
        Recurrent lstm = build(stack(CellKind.LSTM), 1);
        Map<String, Tensor> p = lstm.namedParameters();
        assertThat(p.keySet()).containsExactly(
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse");
        assertThat(p.get("weight_ih_l0").shape().toArray()).containsExactly(8, 3);
        assertThat(p.get("weight_ih_l1_reverse").shape().toArray()).containsExactly(8, 4);
        assertThat(p.get("weight_hh_l1").shape().toArray()).containsExactly(8, 2);
        assertThat(p.get("bias_hh_l0_reverse").shape().toArray()).containsExactly(8);
        assertThat(build(stack(CellKind.GRU), 1).namedParameters().get("weight_ih_l1").shape().toArray())
                .containsExactly(6, 4);
        assertThat(build(stack(CellKind.RNN_RELU), 1).namedParameters().get("weight_hh_l0").shape().toArray())
                .containsExactly(2, 2);
        double bound = 1 / Math.sqrt(2);
        assertThat(p.values())
                .allMatch(t -> java.util.Arrays.stream(t.toDoubleArray()).allMatch(v -> Math.abs(v) <= bound));
    }

    @Test
    void weightsNamedLikePyTorchsStateDictLoadAndDriveTheForwardPass() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        build(stack(CellKind.LSTM), 11).namedParameters()
                .forEach((name, t) -> state.put(name, Tensor.uniform(DType.FLOAT32, name.hashCode(), -0.5, 0.5,
                        t.shape().toArray())));
        Recurrent a = build(stack(CellKind.LSTM), 12);
        Recurrent b = build(stack(CellKind.LSTM), 13);
        a.loadStateDict(state);
        b.loadStateDict(state);
        assertThat(a.namedParameters().get("bias_hh_l1_reverse").dtype()).isEqualTo(D);
        assertThat(a.namedParameters().get("weight_hh_l1_reverse").toDoubleArray())
                .containsExactly(state.get("weight_hh_l1_reverse").to(D).toDoubleArray());
        Tensor x = input(1, 2, 3, 3);
        assertThat(a.forward(x, LENGTHS).output().toDoubleArray())
                .containsExactly(b.forward(x, LENGTHS).output().toDoubleArray());

        Map<String, Tensor> gruState = build(stack(CellKind.GRU), 1).stateDict();
        assertThatThrownBy(() -> a.loadStateDict(gruState))
                .isInstanceOf(WeightsMismatchException.class)
                .hasMessageContaining("'weight_ih_l0' has shape (6,3) in the file but (8,3) in the model");
    }

    // ---- dropout -------------------------------------------------------------------------------------

    @Test
    void dropoutActsBetweenLayersInTrainingOnly() {
        RecurrentConfig cfg = stack(CellKind.LSTM).withDropout(0.5);
        Recurrent withDropout = build(cfg, 9);
        Recurrent without = build(cfg.withDropout(0.0), 10);
        without.loadStateDict(withDropout.stateDict());
        Tensor x = input(1, 2, 3, 3);
        double[] reference = without.forward(x, LENGTHS).output().toDoubleArray();
        try (Tape tape = Tape.open()) {
            withDropout.train(true);
            assertThat(withDropout.forward(x, LENGTHS).output().toDoubleArray()).isNotEqualTo(reference);
            assertThat(tape.trace().matching("recurrent/l0/dropout")).hasSize(1);
            assertThat(tape.trace().matching("recurrent/l1/dropout")).isEmpty();
        }
        withDropout.eval();
        assertThat(withDropout.forward(x, LENGTHS).output().toDoubleArray()).containsExactly(reference);
    }

    // ---- errors ---------------------------------------------------------------------------------------

    @Test
    void badInputShapesAndLengthsGetAClearError() {
        Recurrent lstm = build(stack(CellKind.LSTM), 1);
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(D, 3, 3)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected an input (B, T, I) = (batch, time, 3)")
                .hasMessageContaining("found (3,3)").hasMessageContaining("add the batch dimension");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(D, 2, 3, 5)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("give 3 features per step");
        Tensor x = Tensor.zeros(D, 2, 3, 3);
        assertThatThrownBy(() -> lstm.forward(x, new long[] {3}))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected one length per sequence, 2").hasMessageContaining("found 1 lengths");
        assertThatThrownBy(() -> lstm.forward(x, new long[] {3, 0}))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("found length 0 for sequence 1").hasMessageContaining("drop empty sequences");
        assertThatThrownBy(() -> lstm.forward(x, new long[] {4, 1}))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected every length in 1..3").hasMessageContaining("found length 4");
        assertThatThrownBy(() -> lstm.forward(x.to(DType.FLOAT32)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("expected float64 input");
    }

    @Test
    void badInitialStatesGetAClearError() {
        Recurrent lstm = build(stack(CellKind.LSTM), 1);
        Tensor x = Tensor.zeros(D, 2, 3, 3);
        assertThatThrownBy(() -> lstm.forward(x, null, Tensor.zeros(D, 2, 2, 2), Tensor.zeros(D, 2, 2, 2)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected h0 (L*D, B, H) = (2*2, 2, 2) = (4,2,2); found (2,2,2)");
        assertThatThrownBy(() -> lstm.forward(x, null, Tensor.zeros(D, 4, 2, 2), null))
                .isInstanceOf(ShapeException.class).hasMessageContaining("expected h0 and c0 together");
        Recurrent gru = build(stack(CellKind.GRU), 1);
        assertThatThrownBy(() -> gru.forward(x, null, Tensor.zeros(D, 4, 2, 2), Tensor.zeros(D, 4, 2, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("only the LSTM has");
    }

    // ---- configuration --------------------------------------------------------------------------------

    @Test
    void configPresetsMatchTheirPyTorchCounterparts() {
        RecurrentConfig lstm = RecurrentConfig.lstm(8, 16);
        assertThat(lstm).isEqualTo(new RecurrentConfig(CellKind.LSTM, 8, 16, 1, false, true, 0.0, 0.0));
        assertThat(RecurrentConfig.gru(8, 16).kind()).isEqualTo(CellKind.GRU);
        assertThat(RecurrentConfig.rnnTanh(8, 16).kind()).isEqualTo(CellKind.RNN_TANH);
        assertThat(RecurrentConfig.rnnRelu(8, 16).kind()).isEqualTo(CellKind.RNN_RELU);
        RecurrentConfig tagger = RecurrentConfig.biLstmTagger(100, 64);
        assertThat(tagger.numDirections()).isEqualTo(2);
        assertThat(tagger.outputSize()).isEqualTo(128);
        RecurrentConfig lm = RecurrentConfig.stackedLstmLm(200, 200, 0.5);
        assertThat(lm.numLayers()).isEqualTo(2);
        assertThat(lm.forgetBias()).isEqualTo(1.0);
        assertThat(lm.layerInputSize(0)).isEqualTo(200);
        assertThat(lm.withBidirectional(true).layerInputSize(1)).isEqualTo(400);
        assertThat(lstm.withHiddenSize(4).withNumLayers(3).withDropout(0.1))
                .isEqualTo(new RecurrentConfig(CellKind.LSTM, 8, 4, 3, false, true, 0.1, 0.0));
    }

    @Test
    void invalidConfigsAreRefusedNamingTheFieldAndTheFix() {
        RecurrentConfig lstm = RecurrentConfig.lstm(8, 16);
        assertThatThrownBy(() -> lstm.withHiddenSize(0)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("hiddenSize must be a positive number").hasMessageContaining("found 0");
        assertThatThrownBy(() -> lstm.withInputSize(-1)).hasMessageContaining("inputSize");
        assertThatThrownBy(() -> lstm.withNumLayers(0)).hasMessageContaining("numLayers must be at least 1");
        assertThatThrownBy(() -> lstm.withNumLayers(2).withDropout(1.0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> lstm.withDropout(0.3)).hasMessageContaining("numLayers >= 2");
        assertThatThrownBy(() -> RecurrentConfig.gru(8, 16).withForgetBias(1.0))
                .hasMessageContaining("has no forget gate");
        assertThatThrownBy(() -> lstm.withBias(false).withForgetBias(1.0)).hasMessageContaining("bias = false");
        assertThatThrownBy(() -> RecurrentConfig.stackedLstmLm(8, 8, 0.2).withKind(CellKind.GRU))
                .hasMessageContaining("has no forget gate");
    }

    @Test
    void aFloat32StackAgreesWithFloat64() {
        Recurrent f64 = build(stack(CellKind.LSTM), 21);
        Recurrent f32 = new Recurrent(stack(CellKind.LSTM), DType.FLOAT32, new SplittableRandom(22));
        f32.loadStateDict(f64.stateDict());
        Tensor x = input(1, 2, 3, 3);
        double[] a = f64.forward(x, LENGTHS).output().toDoubleArray();
        double[] b = f32.forward(x.to(DType.FLOAT32), LENGTHS).output().toDoubleArray();
        assertThat(b).containsExactly(a, within(1e-5));
    }

    /**
     * A traced pass keeps no weight-sized array per step: each step's share of W_hh's gradient is in the trace as a
     * deferred tensor, computed when read. Read, the shares are x_tᵀ-style products that add up to W_hh's gradient,
     * and the input projection's share is W_ih's whole gradient.
     */
    @Test
    void aTracedPassShowsEachStepsShareOfTheRecurrentWeightsGradientOnlyWhenRead() {
        for (CellKind kind : CellKind.values()) {
            Recurrent rnn = build(new RecurrentConfig(kind, 3, 4, 1, false, true, 0.0, 0.0), 11);
            Tensor x = input(12, 2, 5, 3);
            Trace trace;
            try (Tape tape = Tape.open()) {
                tape.backward(F.sum(F.mul(rnn.forward(x).output(), Tensor.uniform(D, 13, -1, 1, 2, 5, 4))));
                trace = tape.trace();
            }
            Tensor whh = rnn.namedParameters().get("weight_hh_l0");
            Tensor wih = rnn.namedParameters().get("weight_ih_l0");
            List<TraceEvent> shares = trace.phase(Phase.BACKWARD).stream()
                    .filter(e -> e.op().equals("matmul_wt") && e.inputIds().get(1) == whh.id()).toList();
            assertThat(shares).as(kind.name()).hasSize(5);
            long before = trace.nativeBytes();
            double[] sum = new double[whh.toDoubleArray().length];
            for (TraceEvent e : shares) {
                double[] g = e.gradient(1).toDoubleArray();
                assertThat(e.gradient(1).shape()).isEqualTo(whh.shape());
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += g[i];
                }
            }
            assertThat(trace.nativeBytes()).as("read, the shares are held").isGreaterThanOrEqualTo(
                    before + 5L * sum.length * 8);
            double[] expected = whh.grad().toDoubleArray();
            for (int i = 0; i < sum.length; i++) {
                assertThat(sum[i]).as(kind + " dW_hh[" + i + "]").isCloseTo(expected[i], within(1e-12));
            }
            TraceEvent projection = trace.phase(Phase.BACKWARD).stream()
                    .filter(e -> e.op().equals("matmul_wt") && e.inputIds().get(1) == wih.id()).findFirst()
                    .orElseThrow();
            assertThat(projection.gradient(1).toDoubleArray()).containsExactly(wih.grad().toDoubleArray());
        }
    }
}
