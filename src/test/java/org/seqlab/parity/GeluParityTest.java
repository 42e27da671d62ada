package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.ops.F;
import org.seqlab.autograd.ops.Gelu;

/** GELU, exact and tanh-approximated, against PyTorch. */
class GeluParityTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void exactGeluMatchesPyTorchKernel(DType dtype) {
        // std 3: covers the saturated tails and the bend around zero
        Parity.of("gelu exact (4,9)")
                .input(randn(dtype, 51, 3.0, 4, 9))
                .check(x -> F.gelu(x[0]), t -> JniUtils.gelu((PtNDArray) t[0]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void exactGeluMatchesItsErfDefinitionInPyTorch(DType dtype) {
        Parity.of("gelu exact (4,9) vs 0.5x(1+erf(x/sqrt2))")
                .input(randn(dtype, 52, 3.0, 4, 9))
                .check(x -> F.gelu(x[0]), t -> pyTorchGeluErf(t[0]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void tanhApproximatedGeluMatchesPyTorch(DType dtype) {
        Parity.of("gelu tanh (4,9)")
                .input(randn(dtype, 53, 3.0, 4, 9))
                .check(x -> F.gelu(x[0], Gelu.Approximation.TANH), t -> pyTorchGeluTanh(t[0]));
    }

    /** PyTorch's definition of {@code gelu(x, approximate='none')}: {@code 0.5 x (1 + erf(x / sqrt(2)))}. */
    static NDArray pyTorchGeluErf(NDArray x) {
        return x.mul(Parity.scalar(x, 0.5)).mul(x.mul(Parity.scalar(x, 1 / Math.sqrt(2))).erf().add(Parity.scalar(x, 1)));
    }

    /**
     * PyTorch's definition of {@code gelu(x, approximate='tanh')} (DJL's JNI exposes only the exact
     * kernel): {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
     */
    static NDArray pyTorchGeluTanh(NDArray x) {
        NDArray cube = x.pow(Parity.scalar(x, 3));
        NDArray inner = x.add(cube.mul(Parity.scalar(x, 0.044715))).mul(Parity.scalar(x, Math.sqrt(2 / Math.PI)));
        return x.mul(Parity.scalar(x, 0.5)).mul(inner.tanh().add(Parity.scalar(x, 1)));
    }
}
