package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.ops.F;

/** layer norm with weight and bias against PyTorch's own {@code at::layer_norm} kernel (and its backward). */
class LayerNormParityTest {
    private static final double EPS = 1e-5;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void layerNormOverTheLastDimensionMatchesPyTorch(DType dtype) {
        Parity.of("layer_norm (2,3,8) eps 1e-5")
                .input(randn(dtype, 41, 3.0, 2, 3, 8).named("x"))
                .input(randn(dtype, 42, 1.0, 8))
                .input(randn(dtype, 43, 1.0, 8))
                .check(x -> F.layerNorm(x[0], x[1], x[2], EPS), t -> pyTorchLayerNorm(t[0], t[1], t[2]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void layerNormOfRowsWithOffsetMeansMatchesPyTorch(DType dtype) {
        // rows far from zero mean: the centring must happen before the variance
        Parity.of("layer_norm (4,6) + 5 eps 1e-5")
                .input(randn(dtype, 44, 2.0, 4, 6))
                .input(randn(dtype, 45, 1.0, 6))
                .input(randn(dtype, 46, 1.0, 6))
                .check(x -> F.layerNorm(F.add(x[0], 5.0), x[1], x[2], EPS),
                        t -> pyTorchLayerNorm(t[0].add(Parity.scalar(t[0], 5.0)), t[1], t[2]));
    }

    /** {@code torch.nn.functional.layer_norm(x, (C,), weight, bias, eps)}: the real kernel, through DJL's JNI. */
    static NDArray pyTorchLayerNorm(NDArray x, NDArray weight, NDArray bias) {
        long c = x.getShape().get(x.getShape().dimension() - 1);
        return JniUtils.layerNorm((PtNDArray) x, new Shape(c), (PtNDArray) weight, (PtNDArray) bias, EPS);
    }
}
