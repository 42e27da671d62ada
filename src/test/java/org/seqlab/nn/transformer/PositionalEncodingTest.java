package org.seqlab.nn.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.ModuleGradCheck;

class PositionalEncodingTest {
    private static final DType D = DType.FLOAT64;

    @Test
    void sinusoidalValuesMatchTheFormulaByHand() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(50, 4, D);
        Tensor table = pe.encoding(50);
        // position 0: sin 0 = 0 at even columns, cos 0 = 1 at odd ones
        assertThat(new double[] {table.get(0, 0), table.get(0, 1), table.get(0, 2), table.get(0, 3)})
                .containsExactly(0, 1, 0, 1);
        // d = 4: column pair i = 0 has wavelength 10000^0 = 1, pair i = 1 has 10000^(2/4) = 100
        assertThat(table.get(1, 0)).isCloseTo(Math.sin(1), within(1e-15));
        assertThat(table.get(1, 1)).isCloseTo(Math.cos(1), within(1e-15));
        assertThat(table.get(2, 2)).isCloseTo(Math.sin(0.02), within(1e-15));
        assertThat(table.get(3, 3)).isCloseTo(Math.cos(0.03), within(1e-15));
        assertThat(table.get(49, 2)).isCloseTo(Math.sin(0.49), within(1e-15));
        // d = 512, position 7, column 300 (2i = 300, cos for 301): 7 / 10000^(300/512)
        assertThat(SinusoidalPositionalEncoding.value(7, 301, 512))
                .isCloseTo(Math.cos(7 / Math.pow(10000, 300.0 / 512)), within(1e-15));
    }

    @Test
    void sinusoidalEncodingIsAConstantAddedToTheInput() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(16, 6, D);
        assertThat(pe.namedParameters()).isEmpty();
        Tensor x = Tensor.uniform(D, 1, -1, 1, 2, 3, 6).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = pe.forward(x);
            tape.backward(F.sum(y));
            assertThat(y.get(1, 2, 4)).isCloseTo(x.get(1, 2, 4) + SinusoidalPositionalEncoding.value(2, 4, 6),
                    within(1e-15));
            assertThat(x.grad().toDoubleArray()).containsOnly(1.0);
            assertThat(tape.trace().matching("sinusoidalpositionalencoding/pe")).isNotEmpty();
        }
    }

    @Test
    void sequencesLongerThanTheBlockSizeAreRefusedWithTheFix() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(256, 4, D);
        assertThatThrownBy(() -> pe.forward(Tensor.zeros(D, 1, 300, 4)))
                .isInstanceOfSatisfying(SequenceTooLongException.class, e -> {
                    assertThat(e.length()).isEqualTo(300);
                    assertThat(e.maxLength()).isEqualTo(256);
                })
                .hasMessageStartingWith("Cannot run a sequence of 300 tokens: block size is 256")
                .hasMessageContaining("Shorten the input to at most 256 tokens");
        LearnedPositionalEmbedding wpe = new LearnedPositionalEmbedding(8, 4, D, new SplittableRandom(1));
        wpe.labelled("wpe");
        assertThatThrownBy(() -> wpe.forward(Tensor.zeros(D, 2, 9, 4)))
                .hasMessageStartingWith("Cannot run a sequence of 9 tokens: block size is 8 (at wpe)");
        assertThatThrownBy(() -> wpe.forward(Tensor.zeros(D, 2, 3, 5)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("expected embeddings (B, T, 4), found (2,3,5)");
    }

    @Test
    void learnedEmbeddingIsAnEmbeddingTableThatTrainsOnlyTheRowsUsed() {
        LearnedPositionalEmbedding wpe = new LearnedPositionalEmbedding(6, 4, D, new SplittableRandom(2));
        assertThat(wpe.namedParameters().keySet()).containsExactly("weight");
        assertThat(wpe.weight().shape().toArray()).containsExactly(6, 4);
        Tensor x = Tensor.uniform(D, 3, -1, 1, 2, 3, 4);
        try (Tape tape = Tape.open()) {
            Tensor y = wpe.forward(x);
            assertThat(y.get(1, 2, 3)).isCloseTo(x.get(1, 2, 3) + wpe.weight().get().get(2, 3), within(1e-15));
            tape.backward(F.sum(y));
        }
        double[] g = wpe.weight().get().grad().toDoubleArray();
        for (int row = 0; row < 6; row++) {
            for (int j = 0; j < 4; j++) {
                assertThat(g[row * 4 + j]).as("row %d", row).isEqualTo(row < 3 ? 2.0 : 0.0);   // summed over B = 2
            }
        }
        ModuleGradCheck.assertPasses("learned positional embedding", wpe,
                List.of(Tensor.uniform(D, 4, -1, 1, 2, 5, 4).requiresGrad(true)),
                (m, in) -> F.tanh(((LearnedPositionalEmbedding) m).forward(in.get(0))));
    }

    @Test
    void learnedEmbeddingInitialisesLikeNnEmbeddingOrWithAGivenStd() {
        double[] unit = new LearnedPositionalEmbedding(64, 64, D, new SplittableRandom(5)).weight().get().toDoubleArray();
        double[] small = new LearnedPositionalEmbedding(64, 64, 0.02, D, new SplittableRandom(5)).weight().get()
                .toDoubleArray();
        assertThat(std(unit)).isCloseTo(1.0, within(0.05));
        assertThat(std(small)).isCloseTo(0.02, within(0.001));
    }

    private static double std(double[] v) {
        double m = java.util.Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElseThrow());
    }
}
