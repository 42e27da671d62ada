package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.sum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Workers;

/**
 * The one-op recurrences of training (autograd.ops.LstmLayer, GruLayer) against the step-by-step fused path:
 * outputs, final states and every gradient (weights, biases, input, initial states), for stacked and bidirectional
 * layers, padded batches and given initial states, in float64 and float32, on one thread and on two.
 */
class FusedLayersTest {

    @AfterEach
    void restore() {
        RecurrentCell.useFusedLayers(true);
        Workers.setWays(1);
        Gemm.setMinSplitFlops(Gemm.MIN_SPLIT_FLOPS);
    }

    /** Outputs, h_n, c_n, then the gradients of x, h0, c0 and every parameter, in one list. */
    private static List<double[]> run(CellKind kind, DType dtype, boolean fusedLayers, long[] lengths,
            boolean initial, int layers, boolean bidirectional, long batch, long steps, long in, long hidden) {
        RecurrentCell.useFusedLayers(fusedLayers);
        Recurrent rnn = new Recurrent(new RecurrentConfig(kind, in, hidden, layers, bidirectional, true, 0.0, 0.0),
                dtype, new SplittableRandom(3));
        int d = bidirectional ? 2 : 1;
        Tensor x = Tensor.uniform(dtype, 4, -1, 1, batch, steps, in).requiresGrad(true);
        Tensor h0 = initial ? Tensor.uniform(dtype, 5, -1, 1, (long) layers * d, batch, hidden).requiresGrad(true)
                : null;
        Tensor c0 = initial && kind == CellKind.LSTM
                ? Tensor.uniform(dtype, 6, -1, 1, (long) layers * d, batch, hidden).requiresGrad(true) : null;
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            RecurrentOutput r = rnn.forward(x, lengths, h0, c0);
            out.add(r.output().toDoubleArray());
            out.add(r.hN().toDoubleArray());
            Tensor loss = add(sum(mul(r.output(), Tensor.uniform(dtype, 7, -1, 1, r.output().shape().toArray()))),
                    sum(mul(r.hN(), Tensor.uniform(dtype, 8, -1, 1, r.hN().shape().toArray()))));
            if (r.cN() != null) {
                out.add(r.cN().toDoubleArray());
                loss = add(loss, sum(mul(r.cN(), Tensor.uniform(dtype, 9, -1, 1, r.cN().shape().toArray()))));
            }
            tape.backward(loss);
        }
        out.add(x.grad().toDoubleArray());
        if (h0 != null) {
            out.add(h0.grad().toDoubleArray());
        }
        if (c0 != null) {
            out.add(c0.grad().toDoubleArray());
        }
        for (Map.Entry<String, Tensor> p : rnn.namedParameters().entrySet()) {
            out.add(p.getValue().grad().toDoubleArray());
        }
        return out;
    }

    private static void compare(CellKind kind, DType dtype, long[] lengths, boolean initial, int layers,
            boolean bidirectional, long batch, long steps, long in, long hidden) {
        List<double[]> fused = run(kind, dtype, true, lengths, initial, layers, bidirectional, batch, steps, in,
                hidden);
        List<double[]> steps1 = run(kind, dtype, false, lengths, initial, layers, bidirectional, batch, steps, in,
                hidden);
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        assertThat(fused).hasSameSizeAs(steps1);
        for (int k = 0; k < fused.size(); k++) {
            double[] a = fused.get(k);
            double[] e = steps1.get(k);
            assertThat(a).as("%s %s part %d", kind, dtype, k).hasSameSizeAs(e);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("%s %s part %d [%d]", kind, dtype, k, i)
                        .isCloseTo(e[i], within(tol * Math.max(1, Math.abs(e[i]))));
            }
        }
    }

    @Test
    void anLstmLayerGivesTheStepByStepValuesAndGradients() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            compare(CellKind.LSTM, dtype, null, false, 1, false, 3, 5, 4, 6);
            compare(CellKind.LSTM, dtype, new long[] {5, 2, 4}, true, 2, true, 3, 5, 4, 6);
            compare(CellKind.LSTM, dtype, new long[] {1, 7}, true, 1, true, 2, 7, 3, 70);
        }
    }

    @Test
    void aGruLayerGivesTheStepByStepValuesAndGradients() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            compare(CellKind.GRU, dtype, null, false, 1, false, 3, 5, 4, 6);
            compare(CellKind.GRU, dtype, new long[] {5, 2, 4}, true, 2, true, 3, 5, 4, 6);
            compare(CellKind.GRU, dtype, new long[] {1, 7}, true, 1, true, 2, 7, 3, 70);
        }
    }

    @Test
    void aCellsStatesOverASequenceAreItsSteps() {
        // the teacher-forced decoder's path: statesOver as one op against forward stepped over the sequence
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            for (boolean lstm : new boolean[] {true, false}) {
                RecurrentCell cell = lstm ? new LstmCell(3, 5, dtype, new SplittableRandom(2))
                        : new GruCell(3, 5, true, dtype, new SplittableRandom(2));
                List<double[]> got = new ArrayList<>();
                for (boolean oneOp : new boolean[] {true, false}) {
                    cell.zeroGrad();
                    Tensor x = Tensor.uniform(dtype, 4, -1, 1, 2, 4, 3).requiresGrad(true);
                    Tensor r = Tensor.uniform(dtype, 5, -1, 1, 2, 4, 5);
                    try (Tape tape = Tape.open(TapeOptions.untraced())) {
                        CellState start = cell.zeroState(2);
                        Tensor h;
                        if (oneOp) {
                            h = cell.statesOver(x, start);
                        } else {
                            Tensor[] hs = new Tensor[4];
                            CellState st = start;
                            for (int t = 0; t < 4; t++) {
                                st = cell.forward(org.seqlab.autograd.ops.F.select(x, 1, t), st);
                                hs[t] = st.h();
                            }
                            h = org.seqlab.autograd.ops.F.stack(1, hs);
                        }
                        got.add(h.toDoubleArray());
                        tape.backward(sum(mul(h, r)));
                    }
                    got.add(x.grad().toDoubleArray());
                    cell.namedParameters().values().forEach(p -> got.add(p.grad().toDoubleArray()));
                }
                int half = got.size() / 2;
                for (int k = 0; k < half; k++) {
                    double[] a = got.get(k);
                    double[] e = got.get(half + k);
                    for (int i = 0; i < a.length; i++) {
                        assertThat(a[i]).as("%s lstm=%s part %d [%d]", dtype, lstm, k, i)
                                .isCloseTo(e[i], within(tol * Math.max(1, Math.abs(e[i]))));
                    }
                }
            }
        }
    }

    @Test
    void layersOfTheWrongShapesSayWhatTheyExpected() {
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, 2, 3, 4);
        Tensor h0 = Tensor.zeros(DType.FLOAT32, 2, 5);
        // W_hh (4H, H) with H = 5 but W_ih made for another input size
        assertThatThrownBy(() -> org.seqlab.autograd.ops.F.lstmLayer(x, Tensor.zeros(DType.FLOAT32, 20, 3),
                Tensor.zeros(DType.FLOAT32, 20, 5), null, h0, h0, null, false))
                .isInstanceOf(org.seqlab.autograd.ShapeException.class)
                .hasMessageContaining("W_ih (4H, I)").hasMessageContaining("(20,3)").hasMessageContaining("(2,3,4)");
        assertThatThrownBy(() -> org.seqlab.autograd.ops.F.gruLayer(x, Tensor.zeros(DType.FLOAT32, 15, 4),
                Tensor.zeros(DType.FLOAT32, 15, 5), null, null, Tensor.zeros(DType.FLOAT32, 3, 5), null, false))
                .isInstanceOf(org.seqlab.autograd.ShapeException.class)
                .hasMessageContaining("h0 (B, H)").hasMessageContaining("(3,5)").hasMessageContaining("Fix");
    }

    @Test
    void twoThreadsGiveTheOneThreadStepByStepValues() {
        Tensor.zeros(DType.FLOAT32, 1);         // the backend starts (and sets its threads) before the test's
        Workers.setWays(2);
        Gemm.setMinSplitFlops(0);
        long shared = Workers.sharedCount();
        compare(CellKind.LSTM, DType.FLOAT32, new long[] {6, 3, 6, 1}, true, 2, true, 4, 6, 5, 40);
        compare(CellKind.LSTM, DType.FLOAT64, null, false, 1, false, 3, 4, 2, 3);
        compare(CellKind.GRU, DType.FLOAT32, new long[] {6, 3, 6, 1}, true, 2, true, 4, 6, 5, 40);
        assertThat(Workers.sharedCount()).isGreaterThan(shared);
    }
}
