package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.ModuleGradCheck;

class CellsTest {
    private static final DType D = DType.FLOAT64;

    private static Tensor input(long seed, long... shape) {
        return Tensor.uniform(D, seed, -1, 1, shape).requiresGrad(true);
    }

    /** The value of the last forward event under exactly {@code label}. */
    static double[] valueAt(Trace trace, String label) {
        List<TraceEvent> events = trace.phase(Phase.FORWARD).stream().filter(e -> e.label().equals(label)).toList();
        assertThat(events).as("forward events labelled %s", label).isNotEmpty();
        return events.get(events.size() - 1).value().toDoubleArray();
    }

    // ---- hand-computed steps: the gate order and equations --------------------------------------

    @Test
    void lstmStepMatchesHandComputedGatesInPyTorchOrderIfgo() {
        // I = 1, H = 2, B = 1. Rows of the stacked weights: i1 i2 f1 f2 g1 g2 o1 o2.
        LstmCell cell = new LstmCell(1, 2, D, new SplittableRandom(1));
        cell.labelled("cell");
        cell.loadStateDict(Map.of(
                "weight_ih", Tensor.of(new double[] {0.1, -0.1, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4}, 8, 1),
                "weight_hh", Tensor.of(new double[] {
                    0.1, 0, 0, 0.1,      // i
                    0.2, 0, 0, 0.2,      // f
                    0.3, 0, 0, 0.3,      // g
                    0.4, 0, 0, 0.4}, 8, 2),
                "bias_ih", Tensor.of(new double[] {0, 0, 1, 1, 0, 0, 0, 0}, 8),
                "bias_hh", Tensor.of(new double[] {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08}, 8)));
        Tensor x = Tensor.of(new double[] {2}, 1, 1);
        Tensor h = Tensor.of(new double[] {1, -1}, 1, 2);
        Tensor c = Tensor.of(new double[] {0.5, -0.5}, 1, 2);
        // Pre-activations W_i x + W_h h + b_ih + b_hh, by hand:
        //   i: 0.2+0.1+0+0.01 = 0.31,  -0.2-0.1+0+0.02 = -0.28
        //   f: 0.4+0.2+1+0.03 = 1.63,  -0.4-0.2+1+0.04 =  0.44
        //   g: 0.6+0.3+0+0.05 = 0.95,  -0.6-0.3+0+0.06 = -0.84
        //   o: 0.8+0.4+0+0.07 = 1.27,  -0.8-0.4+0+0.08 = -1.12
        // i = sigmoid(.), f = sigmoid(.), g = tanh(.), o = sigmoid(.); c' = f c + i g; h' = o tanh(c')
        double[] i = {0.5768852611320463, 0.43045377606077095};
        double[] f = {0.8361696387766411, 0.6082590307465143};
        double[] g = {0.7397830512740042, -0.6858090622290947};
        double[] o = {0.7807427479121283, 0.2460112835510519};
        double[] cNext = {0.8448547581035865, -0.5993386158664672};
        double[] hNext = {0.53744137599276, -0.13200443281977486};
        try (Tape tape = Tape.open()) {
            CellState next = cell.forward(x, h, c);
            assertThat(next.c().toDoubleArray()).containsExactly(cNext, within(1e-14));
            assertThat(next.h().toDoubleArray()).containsExactly(hNext, within(1e-14));
            Trace trace = tape.trace();
            assertThat(valueAt(trace, "cell/input_gate")).containsExactly(i, within(1e-14));
            assertThat(valueAt(trace, "cell/forget_gate")).containsExactly(f, within(1e-14));
            assertThat(valueAt(trace, "cell/cell_candidate")).containsExactly(g, within(1e-14));
            assertThat(valueAt(trace, "cell/output_gate")).containsExactly(o, within(1e-14));
            assertThat(valueAt(trace, "cell/cell")).containsExactly(cNext, within(1e-14));
            assertThat(valueAt(trace, "cell/hidden")).containsExactly(hNext, within(1e-14));
        }
    }

    @Test
    void gruNewGateAppliesTheResetGateToTheWholeHiddenProjectionBiasIncluded() {
        // I = H = B = 1, rows r, z, n.
        GruCell cell = new GruCell(1, 1, D, new SplittableRandom(1));
        cell.labelled("gru");
        cell.loadStateDict(Map.of(
                "weight_ih", Tensor.of(new double[] {0.5, -0.5, 1.0}, 3, 1),
                "weight_hh", Tensor.of(new double[] {0.2, 0.4, -0.6}, 3, 1),
                "bias_ih", Tensor.of(new double[] {0.1, 0.2, 0.3}, 3),
                "bias_hh", Tensor.of(new double[] {0.0, 0.1, 0.8}, 3)));
        // x = 1, h = 0.5:  r = sigmoid(0.5+0.1+0.1+0) = sigmoid(0.7);  z = sigmoid(-0.5+0.2+0.2+0.1) = 0.5
        // n = tanh(1.0 + 0.3 + r*(-0.3 + 0.8)) (PyTorch; the paper's r*h inside W_hn would give h' = 0.72810)
        // h' = (1-z) n + z h = 0.5 n + 0.25
        try (Tape tape = Tape.open()) {
            Tensor h = cell.forward(Tensor.of(new double[] {1}, 1, 1), Tensor.of(new double[] {0.5}, 1, 1));
            assertThat(h.item()).isCloseTo(0.713321193160914, within(1e-14));
            Trace trace = tape.trace();
            assertThat(valueAt(trace, "gru/reset_gate")[0]).isCloseTo(0.6681877721681662, within(1e-14));
            assertThat(valueAt(trace, "gru/update_gate")[0]).isCloseTo(0.5, within(1e-15));
            assertThat(valueAt(trace, "gru/new_gate")[0]).isCloseTo(0.926642386321828, within(1e-14));
        }
    }

    @Test
    void rnnCellAppliesItsNonlinearityToTheSumOfBothProjections() {
        Map<String, Tensor> w = Map.of(
                "weight_ih", Tensor.of(new double[] {1, -1}, 2, 1),
                "weight_hh", Tensor.of(new double[] {0.5, 0, 0, 0.5}, 2, 2),
                "bias_ih", Tensor.of(new double[] {0.1, 0.1}, 2),
                "bias_hh", Tensor.of(new double[] {-0.2, 0.3}, 2));
        Tensor x = Tensor.of(new double[] {0.4}, 1, 1);
        Tensor h = Tensor.of(new double[] {0.2, -0.6}, 1, 2);
        // pre = (0.4 + 0.1 + 0.1 - 0.2, -0.4 - 0.3 + 0.1 + 0.3) = (0.4, -0.3)
        RnnCell tanhCell = new RnnCell(1, 2, D, new SplittableRandom(1));
        tanhCell.loadStateDict(w);
        assertThat(tanhCell.forward(x, h).toDoubleArray())
                .containsExactly(new double[] {Math.tanh(0.4), Math.tanh(-0.3)}, within(1e-15));
        RnnCell reluCell = new RnnCell(1, 2, RnnCell.Nonlinearity.RELU, true, D, new SplittableRandom(1));
        reluCell.loadStateDict(w);
        assertThat(reluCell.forward(x, h).toDoubleArray()).containsExactly(new double[] {0.4, 0.0}, within(1e-15));
        assertThat(reluCell.kind()).isEqualTo(CellKind.RNN_RELU);
    }

    // ---- gradients --------------------------------------------------------------------------------

    @Test
    void everyCellPassesGradientCheckWithAndWithoutBias() {
        for (boolean bias : new boolean[] {true, false}) {
            List<RecurrentCell> cells = List.of(
                    new RnnCell(3, 2, RnnCell.Nonlinearity.TANH, bias, D, new SplittableRandom(1)),
                    new RnnCell(3, 2, RnnCell.Nonlinearity.RELU, bias, D, new SplittableRandom(2)),
                    new LstmCell(3, 2, bias, bias ? 1.0 : 0.0, D, new SplittableRandom(3)),
                    new GruCell(3, 2, bias, D, new SplittableRandom(4)));
            for (RecurrentCell cell : cells) {
                Tensor x = input(10, 2, 3);
                Tensor h = input(11, 2, 2);
                String name = cell.kind() + (bias ? "" : " without bias");
                if (cell.kind().hasCellState()) {
                    Tensor c = input(12, 2, 2);
                    ModuleGradCheck.assertPasses(name, cell, List.of(x, h, c), (m, in) -> {
                        CellState s = ((RecurrentCell) m).forward(in.get(0), CellState.of(in.get(1), in.get(2)));
                        return F.concat(1, s.h(), s.c());
                    });
                } else {
                    ModuleGradCheck.assertPasses(name, cell, List.of(x, h),
                            (m, in) -> ((RecurrentCell) m).forward(in.get(0), CellState.of(in.get(1))).h());
                }
            }
        }
    }

    // ---- parameters -------------------------------------------------------------------------------

    @Test
    void cellParametersHavePyTorchNamesStackedShapesAndInitBound() {
        long hidden = 4;
        double bound = 1 / Math.sqrt(hidden);
        Map<RecurrentCell, Integer> gates = new LinkedHashMap<>();
        gates.put(new RnnCell(3, hidden, D, new SplittableRandom(1)), 1);
        gates.put(new LstmCell(3, hidden, D, new SplittableRandom(2)), 4);
        gates.put(new GruCell(3, hidden, D, new SplittableRandom(3)), 3);
        gates.forEach((cell, g) -> {
            Map<String, Tensor> p = cell.namedParameters();
            assertThat(p.keySet()).containsExactly("weight_ih", "weight_hh", "bias_ih", "bias_hh");
            assertThat(p.get("weight_ih").shape().toArray()).containsExactly(g * hidden, 3);
            assertThat(p.get("weight_hh").shape().toArray()).containsExactly(g * hidden, hidden);
            assertThat(p.get("bias_ih").shape().toArray()).containsExactly(g * hidden);
            assertThat(p.get("bias_hh").shape().toArray()).containsExactly(g * hidden);
            for (Tensor t : p.values()) {
                double[] v = t.toDoubleArray();
                assertThat(Arrays.stream(v).allMatch(a -> Math.abs(a) <= bound)).as(t.label()).isTrue();
            }
            double[] w = p.get("weight_ih").toDoubleArray();
            assertThat(Arrays.stream(w).max().orElseThrow() - Arrays.stream(w).min().orElseThrow())
                    .as("weights spread over U(-1/sqrt(H), 1/sqrt(H))").isGreaterThan(bound);
        });
        assertThat(new GruCell(3, hidden, false, D, new SplittableRandom(4)).namedParameters().keySet())
                .containsExactly("weight_ih", "weight_hh");
    }

    @Test
    void forgetBiasIsAddedToTheForgetBlockOfBiasIhOnly() {
        long hidden = 3;
        double bound = 1 / Math.sqrt(hidden);
        LstmCell plain = new LstmCell(2, hidden, true, 0.0, D, new SplittableRandom(7));
        LstmCell biased = new LstmCell(2, hidden, true, 1.0, D, new SplittableRandom(7));
        double[] a = plain.namedParameters().get("bias_ih").toDoubleArray();
        double[] b = biased.namedParameters().get("bias_ih").toDoubleArray();
        for (int j = 0; j < 4 * hidden; j++) {
            double added = j >= hidden && j < 2 * hidden ? 1.0 : 0.0;
            assertThat(b[j]).as("bias_ih[%d]", j).isCloseTo(a[j] + added, within(1e-15));
        }
        assertThat(biased.namedParameters().get("bias_hh").toDoubleArray())
                .containsExactly(plain.namedParameters().get("bias_hh").toDoubleArray());
        assertThat(Arrays.stream(b, (int) hidden, (int) (2 * hidden)).allMatch(v -> v >= 1 - bound)).isTrue();
        assertThatThrownBy(() -> new LstmCell(2, hidden, false, 1.0, D, new SplittableRandom(7)))
                .hasMessageContaining("bias=true");
    }

    // ---- labels and errors -------------------------------------------------------------------------

    @Test
    void aCellRecordsEveryGateUnderItsOwnLabelForwardAndBackward() {
        for (RecurrentCell cell : List.of(new RnnCell(2, 3, D, new SplittableRandom(1)),
                new LstmCell(2, 3, D, new SplittableRandom(2)), new GruCell(2, 3, D, new SplittableRandom(3)))) {
            cell.labelled("step");
            try (Tape tape = Tape.open()) {
                CellState s = cell.forward(input(1, 2, 2));
                tape.backward(F.sum(s.h()));
                Trace trace = tape.trace();
                for (String gate : cell.kind().stepLabels()) {
                    assertThat(trace.matching("step/" + gate)).as("%s forward and backward of %s", cell.kind(), gate)
                            .anyMatch(e -> e.phase() == Phase.FORWARD).anyMatch(e -> e.phase() == Phase.BACKWARD);
                }
                assertThat(trace.matching("step/input_projection")).isNotEmpty();
                assertThat(trace.matching("step/projection")).isNotEmpty();
            }
        }
    }

    @Test
    void aCellRejectsAnInputOrStateOfTheWrongShapeNamingTheFix() {
        LstmCell lstm = new LstmCell(3, 2, D, new SplittableRandom(1));
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(D, 2, 4)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected an input (B, I) = (batch, 3); found (2,4)")
                .hasMessageContaining("Fix:");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(D, 2, 5, 3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("use Recurrent");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(D, 2, 3), CellState.of(Tensor.zeros(D, 2, 2))))
                .isInstanceOf(ShapeException.class).hasMessageContaining("expected a state with h and c");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(D, 2, 3), Tensor.zeros(D, 3, 2), Tensor.zeros(D, 2, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("expected h (B, H) = (2, 2); found (3,2)");
        GruCell gru = new GruCell(3, 2, D, new SplittableRandom(1));
        assertThatThrownBy(() -> gru.forward(Tensor.zeros(D, 2, 3), CellState.of(Tensor.zeros(D, 2, 2),
                Tensor.zeros(D, 2, 2)))).isInstanceOf(ShapeException.class).hasMessageContaining("only the LSTM has");
        assertThatThrownBy(() -> gru.forward(Tensor.zeros(DType.FLOAT32, 2, 3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("expected float64 input");
    }
}
