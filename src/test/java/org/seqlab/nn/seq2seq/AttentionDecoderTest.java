package org.seqlab.nn.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.ModuleGradCheck;
import org.seqlab.nn.recurrent.CellKind;

class AttentionDecoderTest {
    private static final DType D = DType.FLOAT64;

    @ParameterizedTest
    @CsvSource({"GRU, additive", "GRU, dot", "GRU, general", "LSTM, additive", "LSTM, dot", "LSTM, general"})
    void decoderPassesGradientCheckWithSourcePadding(CellKind cell, String attention) {
        AttentionDecoder dec = new AttentionDecoder(new AttentionDecoder.Config(cell, 3, 4, 4, attention), D,
                new SplittableRandom(1));
        Tensor y = Tensor.uniform(D, 2, -1, 1, 2, 3, 3).requiresGrad(true);
        Tensor memory = Tensor.uniform(D, 3, -1, 1, 2, 4, 4).requiresGrad(true);
        Tensor h0 = Tensor.uniform(D, 4, -1, 1, 2, 4).requiresGrad(true);
        Tensor padding = Tensor.of(new double[] {0, 0, 0, 0, 0, 0, 1, 1}, 2, 4);
        ModuleGradCheck.assertPasses(cell + " " + attention, dec, List.of(y, memory, h0),
                (m, in) -> ((AttentionDecoder) m).forward(in.get(0), in.get(1), padding, in.get(2)).outputs());
    }

    @ParameterizedTest
    @CsvSource({"GRU, dot", "GRU, general", "LSTM, dot", "LSTM, general"})
    void luongsUntracedRouteGivesTheValuesAndGradientsOfTheTracedSteps(CellKind cell, String attention) {
        List<double[]> traced = valuesAndGradients(cell, attention, TapeOptions.traced());
        List<double[]> untraced = valuesAndGradients(cell, attention, TapeOptions.untraced());
        assertThat(untraced).hasSameSizeAs(traced);
        for (int i = 0; i < traced.size(); i++) {
            assertThat(untraced.get(i)).as("%s %s: output, weights, then gradients; #%d", cell, attention, i)
                    .containsExactly(traced.get(i), within(1e-12));
        }
    }

    /** The outputs, the weights and the gradients of the inputs and parameters of one pass with {@code options}. */
    private static List<double[]> valuesAndGradients(CellKind cell, String attention, TapeOptions options) {
        AttentionDecoder dec = new AttentionDecoder(new AttentionDecoder.Config(cell, 3, 4, 4, attention), D,
                new SplittableRandom(5));
        Tensor y = Tensor.uniform(D, 6, -1, 1, 2, 5, 3).requiresGrad(true);
        Tensor memory = Tensor.uniform(D, 7, -1, 1, 2, 4, 4).requiresGrad(true);
        Tensor h0 = Tensor.uniform(D, 8, -1, 1, 2, 4).requiresGrad(true);
        Tensor padding = Tensor.of(new double[] {0, 0, 0, 1, 0, 0, 0, 0}, 2, 4);
        List<double[]> out = new java.util.ArrayList<>();
        try (Tape tape = Tape.open(options)) {
            AttentionDecoder.Output o = dec.forward(y, memory, padding, h0);
            out.add(o.outputs().toDoubleArray());
            out.add(o.weights().toDoubleArray());
            tape.backward(o.outputs(), Tensor.uniform(D, 9, -1, 1, 2, 5, 4));
        }
        for (Tensor t : List.of(y, memory, h0)) {
            out.add(t.grad().toDoubleArray());
        }
        dec.namedParameters().values().forEach(p -> out.add(p.grad().toDoubleArray()));
        return out;
    }

    @Test
    void everyStepAttendsOnlyOverRealSourcePositions() {
        AttentionDecoder dec = new AttentionDecoder(new AttentionDecoder.Config(CellKind.GRU, 3, 4, 4, "additive"), D,
                new SplittableRandom(2));
        Tensor padding = Tensor.of(new double[] {0, 0, 1, 1, 0, 0, 0, 0}, 2, 4);
        try (Tape tape = Tape.open()) {
            AttentionDecoder.Output o = dec.forward(Tensor.uniform(D, 5, -1, 1, 2, 3, 3),
                    Tensor.uniform(D, 6, -1, 1, 2, 4, 4).requiresGrad(true), padding, null);
            double[] w = o.weights().toDoubleArray();                          // (2, 3, 4)
            for (int t = 0; t < 3; t++) {
                assertThat(w[t * 4 + 2]).isZero();
                assertThat(w[t * 4 + 3]).isZero();
                assertThat(w[t * 4] + w[t * 4 + 1]).isCloseTo(1.0, within(1e-12));
            }
            tape.backward(F.sum(o.outputs()));
            assertThat(tape.trace().events()).extracting(TraceEvent::label)
                    .contains("attentiondecoder/t0/attention/weights", "attentiondecoder/t2/cell/update_gate");
        }
    }

    @Test
    void dotAttentionNeedsEqualSizes() {
        assertThatThrownBy(() -> new AttentionDecoder.Config(CellKind.GRU, 3, 4, 6, "dot"))
                .hasMessageContaining("hidden 4 and memory 6");
    }
}
