package org.seqlab.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.Linear;

/** The parity helper itself: it must fail, with a message that says what, where and by how much. */
class ParityHelperTest {

    @Test
    void aShapeMismatchFailsBeforeValuesAreCompared() {
        assertThatThrownBy(() -> Parity.of("transpose")
                .input(randn(DType.FLOAT64, 1, 1.0, 2, 3))
                .check(x -> F.transpose(x[0], 0, 1), t -> t[0].mul(Parity.scalar(t[0], 1.0))))
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

    @Test
    void everyParameterOfAModuleIsComparedByStateDictName() {
        Linear linear = new Linear(3, 2, true, DType.FLOAT64, new SplittableRandom(7));
        Parity.Result r = Parity.of("nn.Linear(3, 2)")
                .module(linear)
                .input("x", randn(DType.FLOAT64, 8, 1.0, 4, 3))
                .outputs("y")
                .tolerance(Parity.Tolerance.LAYERS)
                .checkOutputs(x -> List.of(linear.forward(x[0])),
                        (t, w) -> List.of(torchLinear(t[0], w.get("weight"), w.get("bias"))));
        assertThat(r.parameters()).containsOnlyKeys("weight", "bias");
        assertThat(r.maxGradient()).isLessThan(1e-8);
        assertThat(r.outputs()).containsOnlyKeys("y");
    }

    @Test
    void aWrongParameterGradientFailsNamingTheParameter() {
        // PyTorch's weight is cut from the graph: its gradient is zero, SeqLab's is not
        Linear linear = new Linear(3, 2, true, DType.FLOAT64, new SplittableRandom(7));
        assertThatThrownBy(() -> Parity.of("linear")
                .module(linear)
                .input(randn(DType.FLOAT64, 8, 1.0, 4, 3))
                .outputs("y")
                .checkOutputs(x -> List.of(linear.forward(x[0])),
                        (t, w) -> List.of(torchLinear(t[0], w.get("weight").stopGradient(), w.get("bias")))))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("linear float64 gradient of parameter weight: max abs diff ")
                .hasMessageMatching(".* at index \\(\\d,\\d\\) > 1e-08 .*");
    }

    @Test
    void theModuleSeesTheWeightsReadBackFromTheSafetensorsFile() {
        Linear linear = new Linear(3, 2, true, DType.FLOAT32, new SplittableRandom(9));
        Map<String, Tensor> before = linear.stateDict();
        double[] w = before.get("weight").toDoubleArray();
        Parity.of("linear float32")
                .module(linear)
                .input(randn(DType.FLOAT32, 8, 1.0, 4, 3))
                .outputs("y")
                .checkOutputs(x -> List.of(linear.forward(x[0])),
                        (t, p) -> List.of(torchLinear(t[0], p.get("weight"), p.get("bias"))));
        Tensor after = linear.stateDict().get("weight");
        assertThat(after).as("loaded anew from the file").isNotSameAs(before.get("weight"));
        assertThat(after.toDoubleArray()).containsExactly(w);
    }

    @Test
    void aWrongSecondOutputFailsNamingIt() {
        assertThatThrownBy(() -> Parity.of("tanh and sigmoid")
                .input(randn(DType.FLOAT64, 5, 1.0, 2, 3))
                .outputs("tanh", "sigmoid")
                .checkOutputs(x -> List.of(F.tanh(x[0]), F.sigmoid(x[0])),
                        (t, p) -> List.of(t[0].tanh(), t[0].tanh())))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("tanh and sigmoid float64 output 'sigmoid' values: max abs diff ");
    }

    @Test
    void everyOutputShapeIsComparedBeforeAnyValue() {
        // the first output's values differ too, but the second output's shape is reported first
        assertThatThrownBy(() -> Parity.of("pair")
                .input(randn(DType.FLOAT64, 5, 1.0, 2, 3))
                .outputs("a", "b")
                .checkOutputs(x -> List.of(F.tanh(x[0]), F.transpose(x[0], 0, 1)),
                        (t, p) -> List.of(t[0].exp(), t[0].mul(Parity.scalar(t[0], 1.0)))))
                .isInstanceOf(AssertionError.class)
                .hasMessage("pair float64 output 'b' shape: SeqLab (3,2) but PyTorch (2,3)");
    }

    @Test
    void aCheckCanSetItsOwnTolerance() {
        // off by 1e-10: within the default float64 tolerance 1e-9, not within 1e-11
        Tensor x = randn(DType.FLOAT64, 11, 1.0, 3, 4);
        Parity.of("tanh + 1e-10").input(x).check(t -> F.add(F.tanh(t[0]), 1e-10), t -> t[0].tanh());
        assertThatThrownBy(() -> Parity.of("tanh + 1e-10")
                .input(x)
                .tolerance(new Parity.Tolerance(1e-11, 1e-11, 1e-6, 1e-6))
                .check(t -> F.add(F.tanh(t[0]), 1e-10), t -> t[0].tanh()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("tanh + 1e-10 float64 values: max abs diff 1.00e-10")
                .hasMessageContaining("> 1e-11");
    }

    /** {@code torch.nn.functional.linear}: PyTorch's own kernel. */
    private static NDArray torchLinear(NDArray x, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }
}
