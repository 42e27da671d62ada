package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.GateActivity.CellType;
import org.seqlab.debug.GateActivity.Gate;
import org.seqlab.debug.GateActivity.Layer;
import org.seqlab.model.graph.BlockSpec;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Templates;

class GateActivityTest {

    private static final int T = 6;

    /** Asserts that column {@code col} of {@code gate} is batch item 0 of the last event labelled {@code label}. */
    private static void assertColumnIsTheLastEventOf(Trace trace, Gate gate, int col, String label) {
        List<TraceEvent> events = Models.all(trace, Phase.FORWARD, label);
        assertThat(events).as(label).isNotEmpty();
        TraceEvent last = events.get(events.size() - 1);
        double[] recorded = last.value().toDoubleArray();
        for (int u = 0; u < gate.units(); u++) {
            assertThat(gate.value(u, col)).as("%s unit %d", label, u).isEqualTo(recorded[u]);
        }
        assertThat(gate.producerIndex()[col]).as("producer of " + label).isEqualTo(last.index());
        assertThat(gate.firstIndex()[col]).as("first event of " + label).isEqualTo(events.get(0).index());
    }

    private static void assertWithin(Gate gate, double lo, double hi) {
        for (double v : gate.values()) {
            assertThat(v).as(gate.name()).isGreaterThan(lo).isLessThan(hi);
        }
    }

    @Test
    void theLstmForgetGateMatrixHoldsTheRecordedSigmoidOutputsOfBatchItemZero() {
        Recording rec = Models.lstm(T);
        GateActivity activity = GateActivity.of(rec);
        assertThat(activity.layers()).extracting(Layer::name).containsExactly("rnn/l0");
        Layer layer = activity.layers().get(0);
        assertThat(layer.cell()).isEqualTo(CellType.LSTM);
        assertThat(layer.gates()).extracting(Gate::name)
                .containsExactly("input_gate", "forget_gate", "cell_candidate", "output_gate", "cell", "hidden");
        Gate f = layer.gate("forget_gate").orElseThrow();
        assertThat(f.units()).isEqualTo(64);
        assertThat(f.times()).containsExactly(0, 1, 2, 3, 4, 5);
        for (int t = 0; t < T; t++) {
            assertColumnIsTheLastEventOf(rec.trace(), f, t, "rnn/l0/t" + t + "/forget_gate");
            assertThat(rec.trace().get(f.producerIndex()[t]).op()).isEqualTo("sigmoid");
            assertThat(rec.trace().get(f.firstIndex()[t]).op()).as("the slice of the projection").isEqualTo("slice");
        }
        Gate h = layer.hidden();
        for (int t = 0; t < T; t++) {
            assertColumnIsTheLastEventOf(rec.trace(), h, t, "rnn/l0/t" + t + "/hidden");
            assertThat(rec.trace().get(h.producerIndex()[t]).op()).as("h = o * tanh(c), after tanh(c)").isEqualTo("mul");
        }
    }

    @Test
    void lstmGatesLieInZeroToOneAndTheCandidateAndHiddenStateInMinusOneToOne() {
        Layer layer = GateActivity.of(Models.lstm(T)).layers().get(0);
        for (String g : List.of("input_gate", "forget_gate", "output_gate")) {
            assertThat(GateActivity.isSigmoidGate(g)).isTrue();
            assertWithin(layer.gate(g).orElseThrow(), 0, 1);
        }
        assertWithin(layer.gate("cell_candidate").orElseThrow(), -1, 1);
        assertWithin(layer.hidden(), -1, 1);
        assertThat(GateActivity.isSigmoidGate("cell")).isFalse();
        assertThat(layer.cell().keyGate()).contains("forget_gate");
    }

    @Test
    void aGruHasResetUpdateAndNewGatesAndItsHiddenStateIsTheLastOpOfTheStep() {
        Recording rec = Recorder.record(Models.compile("char-gru-lm"), Models.tokens(Models.ids(T)), false);
        Layer layer = GateActivity.of(rec).layers().get(0);
        assertThat(layer.cell()).isEqualTo(CellType.GRU);
        assertThat(layer.gates()).extracting(Gate::name).containsExactly("reset_gate", "update_gate", "new_gate", "hidden");
        assertWithin(layer.gate("reset_gate").orElseThrow(), 0, 1);
        assertWithin(layer.gate("update_gate").orElseThrow(), 0, 1);
        assertWithin(layer.gate("new_gate").orElseThrow(), -1, 1);
        assertWithin(layer.hidden(), -1, 1);
        for (int t = 0; t < T; t++) {
            assertColumnIsTheLastEventOf(rec.trace(), layer.gate("update_gate").orElseThrow(), t,
                    "rnn/l0/t" + t + "/update_gate");
            assertColumnIsTheLastEventOf(rec.trace(), layer.hidden(), t, "rnn/l0/t" + t + "/hidden");
            assertThat(rec.trace().get(layer.hidden().producerIndex()[t]).op())
                    .as("h = n + z * (h_prev - n) ends with the add").isEqualTo("add");
        }
        assertThat(layer.cell().keyGate()).contains("update_gate");
    }

    @Test
    void aPlainRnnHasOnlyItsHiddenState() {
        Recording rec = Recorder.record(Models.compile("char-rnn-lm"), Models.tokens(Models.ids(T)), false);
        Layer layer = GateActivity.of(rec).layers().get(0);
        assertThat(layer.cell()).isEqualTo(CellType.RNN);
        assertThat(layer.gates()).extracting(Gate::name).containsExactly("hidden");
        assertWithin(layer.hidden(), -1, 1);
        for (int t = 0; t < T; t++) {
            assertColumnIsTheLastEventOf(rec.trace(), layer.hidden(), t, "rnn/l0/t" + t + "/hidden");
        }
        assertThat(layer.cell().keyGate()).isEmpty();
    }

    @Test
    void theReverseDirectionsColumnsAreInputPositionsAndItRanFromTheLastOne() {
        Recording rec = TemplateTraces.of("bilstm-classifier").recording();
        GateActivity activity = GateActivity.of(rec);
        assertThat(activity.layers()).extracting(Layer::name).containsExactly("lstm/l0", "lstm/l0_reverse");
        Layer forward = activity.layers().get(0);
        Layer reverse = activity.layers().get(1);
        assertThat(forward.reverse()).isFalse();
        assertThat(reverse.reverse()).isTrue();
        assertThat(reverse.cell()).isEqualTo(CellType.LSTM);
        Gate h = reverse.hidden();
        assertThat(h.times()).containsExactly(0, 1, 2, 3);
        for (int t = 0; t < 4; t++) {
            assertColumnIsTheLastEventOf(rec.trace(), h, t, "lstm/l0_reverse/t" + t + "/hidden");
            assertColumnIsTheLastEventOf(rec.trace(), reverse.gate("forget_gate").orElseThrow(), t,
                    "lstm/l0_reverse/t" + t + "/forget_gate");
        }
        assertThat(reverse.runOrder()).as("the reverse direction visits the last position first")
                .containsExactly(3, 2, 1, 0);
        assertThat(forward.runOrder()).containsExactly(0, 1, 2, 3);
        assertThat(h.firstIndex()[3]).isLessThan(h.firstIndex()[0]);
        assertThat(reverse.readsInput()).isTrue();
        assertThat(reverse.stepOf("lstm/l0_reverse/t2/projection")).hasValue(2);
        assertThat(reverse.stepOf("lstm/l0/t2/projection")).isEmpty();
    }

    @Test
    void aSeq2seqHasItsEncoderLayerAndItsDecoderCellWhoseStepsAreTargetSteps() {
        Recording rec = TemplateTraces.of("seq2seq-gru-additive").recording();
        GateActivity activity = GateActivity.of(rec);
        assertThat(activity.layers()).extracting(Layer::name).containsExactly("encoder/l0", "decoder/cell");
        Layer decoder = activity.layer("decoder/cell").orElseThrow();
        assertThat(decoder.cell()).isEqualTo(CellType.GRU);
        assertThat(decoder.readsInput()).isFalse();
        assertThat(activity.layer("encoder/l0").orElseThrow().readsInput()).isTrue();
        assertThat(decoder.stepOf("decoder/t2/attention/weights")).as("the decoder's step 2, attention included")
                .hasValue(2);
        for (int t = 0; t < decoder.hidden().steps(); t++) {
            assertColumnIsTheLastEventOf(rec.trace(), decoder.hidden(), t, "decoder/t" + t + "/cell/hidden");
        }
        Layer lstmDecoder = GateActivity.of(TemplateTraces.of("seq2seq-lstm-dot").recording())
                .layer("decoder/cell").orElseThrow();
        assertThat(lstmDecoder.cell()).isEqualTo(CellType.LSTM);
        assertThat(lstmDecoder.gate("cell")).isPresent();
    }

    @Test
    void aTwoLayerLstmHasOneLayerEachInTheOrderTheyRan() {
        GateActivity activity = GateActivity.of(TemplateTraces.of("word-lstm-lm").recording());
        assertThat(activity.layers()).extracting(Layer::name).containsExactly("rnn/l0", "rnn/l1");
    }

    @Test
    void aTransformerHasNoRecurrentLayer() {
        assertThat(GateActivity.of(TemplateTraces.of("transformer-classifier").recording()).isEmpty()).isTrue();
        assertThat(GateActivity.of(TemplateTraces.of("bilstm-crf-tagger").recording()).layers())
                .as("the CRF's crf/t3/logsumexp is not a recurrent cell").extracting(Layer::name)
                .containsExactly("lstm/l0", "lstm/l0_reverse");
    }

    @Test
    void aColumnCountsAsComputedFromTheFirstEventOfItsGateAtThatStep() {
        Recording rec = Models.lstm(T);
        Layer layer = GateActivity.of(rec).layers().get(0);
        int cursor = Models.first(rec.trace(), Phase.FORWARD, "rnn/l0/t3/forget_gate").index();
        Gate f = layer.gate("forget_gate").orElseThrow();
        Gate g = layer.gate("cell_candidate").orElseThrow();
        for (int c = 0; c < T; c++) {
            assertThat(f.computedAt(c, cursor)).as("forget gate column %d", c).isEqualTo(c <= 3);
            assertThat(g.computedAt(c, cursor)).as("g column %d (g_3 comes after f_3)", c).isEqualTo(c <= 2);
        }
        int backward = rec.trace().backwardStart();
        for (int c = 0; c < T; c++) {
            assertThat(g.computedAt(c, backward)).isTrue();
        }
    }

    @Test
    void comparingCellsRecordsRnnLstmAndGruOfTheSameSizeOnTheSameInput() {
        ModelGraph graph = Templates.get("char-lstm-lm").graph();
        List<CellComparison.Variant> variants = CellComparison.record(graph, DType.FLOAT64, CellComparison.SEED,
                Models.tokens(Models.ids(T)));
        assertThat(variants).extracting(CellComparison.Variant::cell)
                .containsExactly(CellType.RNN, CellType.LSTM, CellType.GRU);
        for (CellComparison.Variant v : variants) {
            Layer layer = v.activity().layers().get(0);
            assertThat(layer.cell()).isEqualTo(v.cell());
            assertThat(layer.name()).isEqualTo("rnn/l0");
            assertThat(layer.units()).as(v.cell() + " hidden size").isEqualTo(64);
            assertThat(layer.hidden().steps()).isEqualTo(T);
            BlockSpec rnn = v.graph().block("rnn").orElseThrow();
            assertThat(rnn.config().values()).containsEntry("cell", v.cell().name().toLowerCase())
                    .containsEntry("hidden_size", graph.block("rnn").orElseThrow().config().values().get("hidden_size"));
        }
    }

    @Test
    void anLstmOnlyForgetBiasIsDroppedForTheOtherCells() {
        ModelGraph graph = Templates.get("char-lstm-lm").graph();
        BlockSpec rnn = graph.block("rnn").orElseThrow();
        Map<String, Object> values = new java.util.LinkedHashMap<>(rnn.config().values());
        values.put("forget_bias", 1.0);
        List<BlockSpec> blocks = graph.blocks().stream().map(b -> b.id().equals("rnn")
                ? new BlockSpec("rnn", b.kind(), new org.seqlab.model.graph.BlockConfig("rnn", b.kind(), values)) : b)
                .toList();
        ModelGraph withBias = new ModelGraph(graph.version(), graph.name(), graph.description(), graph.inputs(), blocks,
                graph.edges(), graph.outputs(), graph.losses(), graph.ties());
        assertThat(CellComparison.variant(withBias, CellType.GRU).block("rnn").orElseThrow().config().values())
                .doesNotContainKey("forget_bias");
        assertThat(CellComparison.variant(withBias, CellType.LSTM).block("rnn").orElseThrow().config().values())
                .containsEntry("forget_bias", 1.0);
    }

    @Test
    void aModelWithoutARecurrentBlockCannotBeCompared() {
        ModelGraph graph = Templates.get("transformer-classifier").graph();
        assertThat(CellComparison.possible(graph)).isFalse();
        assertThatThrownBy(() -> CellComparison.variant(graph, CellType.GRU)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("has no 'recurrent' block").hasMessageContaining("char-lstm-lm");
    }
}
