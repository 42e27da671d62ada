package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/** The float32 maps in Java (sigmoid, tanh, mul, add) against the float64 ops: values and gradients, views, sizes. */
class FloatMapsTest {

    private static double worst(double[] actual, double[] expected) {
        double w = 0;
        for (int i = 0; i < expected.length; i++) {
            w = Math.max(w, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
        }
        return w;
    }

    private static List<double[]> unary(DType type, UnaryOperator<Tensor> f, Tensor x0, boolean transposed) {
        Tensor x = x0.to(type).requiresGrad(true);
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor y = f.apply(transposed ? F.transpose(x, 0, 1) : x);
            out.add(y.toDoubleArray());
            tape.backward(F.sum(F.mul(y, y)));
        }
        out.add(x.grad().toDoubleArray());
        return out;
    }

    @Test
    void sigmoidAndTanhInFloat32MatchTheFloat64Ops() {
        // small (one chunk), several chunks, and above the binary maps' limit; contiguous and transposed
        for (long[] shape : new long[][] {{3, 7}, {40, 300}, {300, 260}}) {
            Tensor x = Tensor.uniform(DType.FLOAT64, 1, -12, 12, shape).to(DType.FLOAT32).to(DType.FLOAT64);
            for (boolean transposed : new boolean[] {false, true}) {
                for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(F::sigmoid, F::tanh)) {
                    List<double[]> f32 = unary(DType.FLOAT32, f, x, transposed);
                    List<double[]> f64 = unary(DType.FLOAT64, f, x, transposed);
                    assertThat(worst(f32.get(0), f64.get(0))).as("values").isLessThan(1e-6);
                    assertThat(worst(f32.get(1), f64.get(1))).as("gradient").isLessThan(2e-6);
                }
            }
        }
    }

    @Test
    void mulAndAddOfOneShapeInFloat32MatchTheFloat64Ops() {
        for (long[] shape : new long[][] {{1, 256}, {5, 3, 4}, {300, 260}}) {
            Tensor a0 = Tensor.uniform(DType.FLOAT64, 2, -3, 3, shape).to(DType.FLOAT32).to(DType.FLOAT64);
            Tensor b0 = Tensor.uniform(DType.FLOAT64, 3, -3, 3, shape).to(DType.FLOAT32).to(DType.FLOAT64);
            for (BinaryOperator<Tensor> f : List.<BinaryOperator<Tensor>>of(F::mul, F::add)) {
                List<double[]> r = new ArrayList<>();
                for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Tensor a = a0.to(type).requiresGrad(true);
                    Tensor b = b0.to(type).requiresGrad(true);
                    try (Tape tape = Tape.open(TapeOptions.untraced())) {
                        Tensor y = f.apply(a, b);
                        r.add(y.toDoubleArray());
                        tape.backward(F.sum(F.mul(y, a)));
                    }
                    r.add(a.grad().toDoubleArray());
                    r.add(b.grad().toDoubleArray());
                }
                for (int i = 0; i < 3; i++) {
                    assertThat(worst(r.get(i), r.get(3 + i))).as("output %d", i).isLessThan(1e-6);
                }
            }
        }
    }

    @Test
    void nanAndInfinitiesPassThroughAsInTheOps() {
        INDArray x = Nd4j.createFromArray(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0});
        INDArray s = FloatMaps.map(x, FloatKernels::sigmoid);
        assertThat(s.getFloat(0)).isNaN();
        assertThat(s.getFloat(1)).isEqualTo(1f);
        assertThat(s.getFloat(2)).isBetween(0f, 1e-37f);     // 1 / (1 + e^88): exp stops at e^88
        assertThat(s.getFloat(3)).isEqualTo(0.5f);
        INDArray t = FloatMaps.map(x, FloatMaps::tanh);
        assertThat(t.getFloat(0)).isNaN();
        assertThat(t.getFloat(1)).isEqualTo(1f);
        assertThat(t.getFloat(2)).isEqualTo(-1f);
        INDArray p = FloatMaps.map(x, x, FloatMaps::multiply);
        assertThat(p.getFloat(0)).isNaN();
        assertThat(p.getFloat(1)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatMaps.binary(x, Nd4j.create(DataType.FLOAT, 2, 2))).isFalse();    // shapes differ: the ops
    }

    @Test
    void aGradientWithOnlyUnitAxesAddedIsReshapedNotSummed() {
        INDArray g = Nd4j.createFromArray(new float[][][] {{{1, 2, 3}}});      // (1, 1, 3)
        assertThat(Nd.unbroadcast(g, new long[] {3}).toFloatVector()).containsExactly(1, 2, 3);
        assertThat(Nd.unbroadcast(g, new long[] {1, 3}).shape()).containsExactly(1, 3);
        INDArray two = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(Nd.unbroadcast(two, new long[] {3}).toFloatVector()).containsExactly(5, 7, 9);
    }
}
