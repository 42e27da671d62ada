package org.seqlab.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.parity.Parity.randn;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/** The parity helper itself: it must fail, with a message that says what, where and by how much. */
class ParityHelperTest {

    @Test
    void aShapeMismatchFailsBeforeValuesAreCompared() {
        assertThatThrownBy(() -> Parity.of("transpose")
                .input(randn(DType.FLOAT64, 1, 1.0, 2, 3))
                .check(x -> F.transpose(x[0], 0, 1), t -> t[0].mul(1.0)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("transpose float64 output shape: SeqLab (3,2) but PyTorch (2,3)");
    }

    @Test
    void aWrongValueFailsNamingItsIndexAndBothNumbers() {
        // softmax over the wrong axis
        assertThatThrownBy(() -> Parity.of("softmax")
                .input(randn(DType.FLOAT64, 2, 1.0, 2, 3))
                .check(x -> F.softmax(x[0], 0), t -> t[0].softmax(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("softmax float64 values: max abs diff ")
                .hasMessageMatching(".* at index \\(\\d,\\d\\) > 1e-09 \\(SeqLab .*, PyTorch .*\\)");
    }

    @Test
    void aWrongGradientFailsNamingTheInputItBelongsTo() {
        // x * stop_gradient(x): the right values, half the gradient
        assertThatThrownBy(() -> Parity.of("square")
                .input(randn(DType.FLOAT32, 3, 1.0, 4))
                .check(x -> F.mul(x[0], x[0].detach()), t -> t[0].mul(t[0])))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("square float32 gradient of input 0: max abs diff ")
                .hasMessageContaining("> 1e-05");
    }

    @Test
    void matchingComputationsReportTheirDifferences() {
        Parity.Result r = Parity.of("tanh")
                .input(randn(DType.FLOAT64, 4, 1.0, 3, 2))
                .constant(Tensor.indices(new long[] {0, 1}, 2))
                .check(x -> F.tanh(x[0]), t -> t[0].tanh());
        assertThat(r.values()).isLessThan(Parity.FLOAT64_VALUES);
        assertThat(r.gradients()[0]).isLessThan(Parity.FLOAT64_GRADIENTS);
        assertThat(r.gradients()[1]).as("constants have no gradient").isNaN();
    }

    @Test
    void multiIndicesAreRowMajor() {
        assertThat(Parity.index(0, new long[] {2, 3})).isEqualTo("(0,0)");
        assertThat(Parity.index(5, new long[] {2, 3})).isEqualTo("(1,2)");
        assertThat(Parity.index(7, new long[] {2, 2, 2})).isEqualTo("(1,1,1)");
        assertThat(Parity.index(0, new long[0])).isEqualTo("()");
    }
}
