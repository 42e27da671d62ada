package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.autograd.ops.F.*;

import org.junit.jupiter.api.Test;

/** {@link Tape#release}: a training step hands its arrays back at once, and keeps what outlives the step. */
class TapeReleaseTest {

    @Test
    void releaseFreesWhatTheOpsMadeAndKeepsLeavesTheirGradientsAndWhatIsKept() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {0.5, -1, 2}, 1, 3);
        Tensor hidden;
        Tensor reshaped;
        Tensor loss;
        Tensor kept;
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            reshaped = reshape(w, 3, 2);                       // may share w's buffer: must survive
            hidden = tanh(matmulWt(x, w));                     // (1, 2), made by an op
            kept = sigmoid(hidden);
            loss = add(sum(mul(hidden, hidden)), add(sum(reshaped), sum(kept)));
            tape.backward(loss);
            tape.release(kept);
        }
        assertThat(hidden.array().wasClosed()).isTrue();
        assertThat(loss.array().wasClosed()).isTrue();
        assertThat(kept.toDoubleArray()).hasSize(2);
        assertThat(w.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(x.toDoubleArray()).containsExactly(0.5, -1, 2);
        assertThat(java.util.Arrays.stream(w.grad().toDoubleArray()).allMatch(Double::isFinite)).isTrue();
        assertThatThrownBy(hidden::toDoubleArray).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theSameStepRunTwiceWithAReleaseBetweenGivesTheSameGradients() {
        Tensor w = Tensor.uniform(DType.FLOAT64, 3, -1, 1, 4, 5).requiresGrad(true);
        Tensor x = Tensor.uniform(DType.FLOAT64, 4, -1, 1, 3, 5);
        double[] first = null;
        for (int run = 0; run < 3; run++) {
            w.zeroGrad();
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                tape.backward(sum(mul(softmax(matmulWt(x, w), -1), 2.0)));
                tape.release();
            }
            double[] g = w.grad().toDoubleArray();
            if (first == null) {
                first = g;
            } else {
                assertThat(g).containsExactly(first);
            }
        }
    }

    @Test
    void aTracedTapeRefusesToRelease() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(sum(mul(w, w)));
            assertThatThrownBy(tape::release).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("traced");
        }
    }
}
