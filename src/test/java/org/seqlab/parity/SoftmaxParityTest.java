package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.ops.F;

/** softmax and log-softmax against PyTorch's own kernels ({@code torch.softmax}, {@code torch.log_softmax}). */
class SoftmaxParityTest {

    static Stream<Arguments> dtypesAndAxes() {
        return Stream.of(DType.FLOAT64, DType.FLOAT32)
                .flatMap(d -> Stream.of(0, 1, 2, -1, -2).map(a -> Arguments.of(d, a)));
    }

    @ParameterizedTest(name = "{0} axis {1}")
    @MethodSource("dtypesAndAxes")
    void softmaxMatchesPyTorchOverEveryAxis(DType dtype, int axis) {
        // std 4: logits far apart, so the max-subtraction matters
        Parity.of("softmax axis " + axis + " of (2,3,4)")
                .input(randn(dtype, 21, 4.0, 2, 3, 4))
                .check(x -> F.softmax(x[0], axis), t -> t[0].softmax(axis));
    }

    @ParameterizedTest(name = "{0} axis {1}")
    @MethodSource("dtypesAndAxes")
    void logSoftmaxMatchesPyTorchOverEveryAxis(DType dtype, int axis) {
        Parity.of("log_softmax axis " + axis + " of (2,3,4)")
                .input(randn(dtype, 22, 4.0, 2, 3, 4))
                .check(x -> F.logSoftmax(x[0], axis), t -> t[0].logSoftmax(axis));
    }
}
