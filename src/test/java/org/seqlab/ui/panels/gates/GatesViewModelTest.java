package org.seqlab.ui.panels.gates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.GateActivity.CellType;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.PanelFixture;
import org.seqlab.ui.panels.gates.GatesViewModel.CompareFigure;
import org.seqlab.ui.panels.gates.GatesViewModel.GateFigure;
import org.seqlab.ui.viz.ColorScale;
import org.seqlab.ui.viz.HeatmapData;

class GatesViewModelTest {

    private final PanelFixture fixture = new PanelFixture(new SameThreadTaskExecutor());
    private final GatesViewModel vm = new GatesViewModel(fixture.context);

    private GateFigure figure(String gate) {
        return vm.figuresProperty().get().stream().filter(f -> f.gate().equals(gate)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure of " + gate));
    }

    private static TraceEvent lastForward(Trace trace, String label) {
        List<TraceEvent> all = trace.events().stream()
                .filter(e -> e.phase() == Phase.FORWARD && e.label().equals(label)).toList();
        return all.get(all.size() - 1);
    }

    @Test
    void beforeAnyRecordingThePanelIsUnavailableAndSaysWhy() {
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("Record a pass to see its gates over time.");
        assertThat(vm.csv()).isEqualTo("gate,unit,t,value\n");
    }

    @Test
    void anLstmShowsItsSixGatesWithTheRecordedValuesAndTheTokensOnTheTimeAxis() {
        fixture.record("char-lstm-lm", "hello world");
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.layers()).containsExactly("rnn/l0");
        assertThat(vm.figuresProperty().get()).extracting(GateFigure::gate)
                .containsExactly("input_gate", "forget_gate", "cell_candidate", "output_gate", "cell", "hidden");
        GateFigure f = figure("forget_gate");
        assertThat(f.title()).isEqualTo("forget gate   f_t = σ(W_f·[x_t, h_{t−1}] + b_f)");
        assertThat(f.name()).isEqualTo("forget gate");
        assertThat(f.formula()).isEqualTo("f_t = σ(W_f·[x_t, h_{t−1}] + b_f)");
        HeatmapData d = f.data();
        assertThat(d.rows()).isEqualTo(64);
        assertThat(d.cols()).isEqualTo(11);
        assertThat(d.columnLabels()).containsExactly("h", "e", "l", "l", "o", "␣", "w", "o", "r", "l", "d");
        assertThat(d.scale()).isEqualTo(ColorScale.SEQUENTIAL);
        assertThat(d.range()).isEqualTo(new HeatmapData.Range(0, 1));
        Trace trace = fixture.session.get().recording().trace();
        for (int t = 0; t < 11; t++) {
            double[] recorded = lastForward(trace, "rnn/l0/t" + t + "/forget_gate").value().toDoubleArray();
            for (int u = 0; u < 64; u++) {
                assertThat(d.value(u, t)).as("f unit %d t %d", u, t).isEqualTo(recorded[u]);
            }
        }
        assertThat(figure("hidden").data().scale()).isEqualTo(ColorScale.DIVERGING);
        assertThat(figure("hidden").data().range()).isEqualTo(new HeatmapData.Range(-1, 1));
        assertThat(figure("cell").data().range()).as("c is unbounded: its range comes from the data").isNull();
        assertThat(vm.unitsNoteProperty().get()).isEmpty();
    }

    @Test
    void columnsAreFilledUpToTheCursorsTimeStepGateByGate() {
        fixture.record("char-lstm-lm", "hello world");
        fixture.seek("rnn/l0/t3/forget_gate");
        assertThat(figure("forget_gate").visibleColumns()).isEqualTo(4);
        assertThat(figure("input_gate").visibleColumns()).as("i_3 came before f_3").isEqualTo(4);
        assertThat(figure("cell_candidate").visibleColumns()).as("g_3 comes after f_3").isEqualTo(3);
        assertThat(figure("hidden").visibleColumns()).isEqualTo(3);
        for (GateFigure f : vm.figuresProperty().get()) {
            assertThat(f.highlightedColumn()).as(f.gate()).isEqualTo(3);
        }

        fixture.seek("rnn/l0/t7/projection");
        assertThat(figure("forget_gate").visibleColumns()).isEqualTo(7);
        assertThat(figure("forget_gate").highlightedColumn()).isEqualTo(7);

        fixture.seek("encoder");
        assertThat(figure("forget_gate").visibleColumns()).as("before the LSTM ran").isZero();
        assertThat(figure("forget_gate").highlightedColumn()).isEqualTo(-1);

        fixture.seek("decoder");
        assertThat(figure("hidden").visibleColumns()).as("after the LSTM ran").isEqualTo(11);

        fixture.seek(Phase.BACKWARD, "rnn/l0/t5/forget_gate");
        assertThat(figure("forget_gate").visibleColumns()).as("backward: everything computed").isEqualTo(-1);
        assertThat(figure("forget_gate").highlightedColumn()).isEqualTo(5);
    }

    @Test
    void theCsvHoldsTheFilledCellsOfEveryGateByInputPosition() {
        fixture.record("char-gru-lm", "abc");
        fixture.seek("rnn/l0/t1/update_gate");
        String[] lines = vm.csv().split("\n");
        assertThat(lines[0]).isEqualTo("gate,unit,t,value");
        // r and z: 2 columns, n and h: 1 column, 64 units each
        assertThat(lines).hasSize(1 + 64 * (2 + 2 + 1 + 1));
        GateFigure z = figure("update_gate");
        assertThat(lines).contains("update_gate,5,1," + org.seqlab.ui.viz.ValueFormat.exact(z.data().value(5, 1)));
        assertThat(java.util.Arrays.stream(lines).filter(l -> l.startsWith("new_gate,")).map(l -> l.split(",")[2]))
                .containsOnly("0");
    }

    @Test
    void theReverseDirectionRunsFromTheLastTokenAndTheCursorChoosesItsLayer() {
        fixture.record("bilstm-classifier", "good film");
        assertThat(vm.layers()).containsExactly("lstm/l0", "lstm/l0_reverse");
        assertThat(vm.selectedLayerProperty().get()).isEqualTo("lstm/l0");
        assertThat(vm.layerText("lstm/l0_reverse")).isEqualTo("lstm/l0_reverse · LSTM, 64 units, reverse direction");

        fixture.seek("lstm/l0_reverse/t7/forget_gate");
        assertThat(vm.selectedLayerProperty().get()).as("follows the cursor").isEqualTo("lstm/l0_reverse");
        GateFigure f = figure("forget_gate");
        assertThat(f.times()).containsExactly(8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(f.data().columnLabels()).containsExactly("m", "l", "i", "f", "␣", "d", "o", "o", "g");
        assertThat(f.visibleColumns()).as("t8 and t7 have run").isEqualTo(2);
        assertThat(f.highlightedColumn()).isEqualTo(1);
        assertThat(f.data().columnTitle()).contains("reverse");

        vm.selectedLayerProperty().set("lstm/l0");
        assertThat(figure("forget_gate").visibleColumns()).as("the forward direction ran completely").isEqualTo(9);
        assertThat(figure("forget_gate").highlightedColumn()).isEqualTo(-1);
        fixture.seek("lstm/l0_reverse/t6/input_gate");
        assertThat(vm.selectedLayerProperty().get()).as("moving inside the same layer keeps the user's choice")
                .isEqualTo("lstm/l0");
    }

    @Test
    void aModelWithoutRecurrenceIsUnavailableAndTheMessageNamesIt() {
        fixture.record("transformer-classifier", "good film");
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).startsWith("transformer-classifier has no RNN, LSTM or GRU layer")
                .contains("char-lstm-lm");
        assertThat(vm.compareAvailableProperty().get()).isFalse();
        fixture.record("char-rnn-lm", "hi");
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.messageProperty().get()).isEmpty();
    }

    @Test
    void manyUnitsShowTheFirstSixtyFourWithANote() {
        fixture.recordIds("word-lstm-lm", 5, 6, 7);
        assertThat(vm.layers()).containsExactly("rnn/l0", "rnn/l1");
        assertThat(figure("hidden").data().rows()).isEqualTo(GatesViewModel.MAX_UNITS);
        assertThat(vm.unitsNoteProperty().get()).isEqualTo("Showing units 0–63 of 256");
    }

    @Test
    void compareModeRecordsRnnLstmAndGruHiddenStatesOfTheSameSize() {
        fixture.record("char-lstm-lm", "hello world");
        fixture.seek("rnn/l0/t4/hidden");
        assertThat(vm.compareAvailableProperty().get()).isTrue();
        vm.compareProperty().set(true);
        List<CompareFigure> models = vm.compareFiguresProperty().get();
        assertThat(models).extracting(CompareFigure::cell).containsExactly(CellType.RNN, CellType.LSTM, CellType.GRU);
        for (CompareFigure m : models) {
            assertThat(m.hidden().gate()).isEqualTo("hidden");
            assertThat(m.hidden().data().rows()).as(m.cell() + " units").isEqualTo(64);
            assertThat(m.hidden().data().cols()).as(m.cell() + " steps").isEqualTo(11);
            assertThat(m.hidden().data().columnLabels()).startsWith("h", "e");
            assertThat(m.hidden().visibleColumns()).as("each model is a whole pass: all filled").isEqualTo(-1);
            assertThat(m.hidden().highlightedColumn()).isEqualTo(4);
        }
        assertThat(models.get(0).keyGate()).isNull();
        assertThat(models.get(0).note()).startsWith("A plain RNN has no gate");
        assertThat(models.get(1).keyGate().gate()).isEqualTo("forget_gate");
        assertThat(models.get(2).keyGate().gate()).isEqualTo("update_gate");
        assertThat(models.get(0).hidden().data()).as("three different models")
                .isNotEqualTo(models.get(2).hidden().data());
        assertThat(vm.compareMessageProperty().get()).contains("seed 1");
        assertThat(vm.csv().split("\n")).as("h of three, f and z: five figures of 11 columns").hasSize(1 + 64 * 5 * 11)
                .contains("lstm/forget_gate,0,3," + org.seqlab.ui.viz.ValueFormat.exact(
                        models.get(1).keyGate().data().value(0, 3)));

        fixture.seek("rnn/l0/t9/cell");
        assertThat(vm.compareFiguresProperty().get()).extracting(m -> m.hidden().highlightedColumn())
                .containsOnly(9);
    }

    @Test
    void reRecordingInCompareModeComparesTheNewInput() {
        fixture.record("char-gru-lm", "abc");
        vm.compareProperty().set(true);
        assertThat(vm.compareFiguresProperty().get().get(0).hidden().data().cols()).isEqualTo(3);
        fixture.record("char-gru-lm", "abcdef");
        assertThat(vm.compareFiguresProperty().get()).hasSize(3);
        assertThat(vm.compareFiguresProperty().get().get(0).hidden().data().cols()).isEqualTo(6);
    }

    @Test
    void theTextFollowsTheLanguage() {
        fixture.record("char-lstm-lm", "hi");
        fixture.i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        assertThat(figure("forget_gate").title()).startsWith("遗忘门");
        assertThat(figure("forget_gate").data().rowTitle()).isEqualTo("隐藏单元");
    }
}
