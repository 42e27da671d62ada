package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/**
 * Slice and select on small float32 arrays (copied and accumulated in Java) against float64 (ND4J's indexing):
 * every axis, several cuts of one tensor whose gradients add up (an LSTM's four gates), traced and untraced.
 */
class SliceSelectFloat32Test {

    private static List<double[]> run(DType type, Tensor x0, int axis, boolean traced) {
        Tensor x = x0.to(type).requiresGrad(true);
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(traced ? TapeOptions.traced() : TapeOptions.untraced())) {
            long n = x.size(axis);
            Tensor a = F.slice(x, axis, 0, n / 2);
            Tensor b = F.slice(x, axis, n / 2, n);
            Tensor c = F.select(x, axis, n - 1);
            Tensor d = F.slice(x, axis, 1, 2);
            out.add(a.toDoubleArray());
            out.add(b.toDoubleArray());
            out.add(c.toDoubleArray());
            Tensor loss = F.add(F.add(F.sum(F.mul(a, a)), F.sum(F.mul(b, Tensor.scalar(type, 3)))),
                    F.add(F.sum(F.mul(c, c)), F.sum(F.mul(d, Tensor.scalar(type, -2)))));
            tape.backward(loss);
        }
        out.add(x.grad().toDoubleArray());
        return out;
    }

    @Test
    void float32CutsAndTheirGradientsMatchFloat64OnEveryAxis() {
        Tensor x = Tensor.uniform(DType.FLOAT64, 1, -2, 2, 3, 4, 6).to(DType.FLOAT32).to(DType.FLOAT64);
        for (boolean traced : new boolean[] {false, true}) {
            for (int axis = 0; axis < 3; axis++) {
                List<double[]> f32 = run(DType.FLOAT32, x, axis, traced);
                List<double[]> f64 = run(DType.FLOAT64, x, axis, traced);
                for (int i = 0; i < f64.size(); i++) {
                    assertThat(f32.get(i)).hasSameSizeAs(f64.get(i));
                    for (int j = 0; j < f64.get(i).length; j++) {
                        assertThat(f32.get(i)[j]).as("axis %d traced %s output %d element %d", axis, traced, i, j)
                                .isCloseTo(f64.get(i)[j], org.assertj.core.data.Offset.offset(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void largeArraysAreCutAlike() {
        Tensor big = Tensor.uniform(DType.FLOAT64, 2, -2, 2, 2, 300, 200).to(DType.FLOAT32).to(DType.FLOAT64);
        for (int axis = 0; axis < 3; axis++) {
            List<double[]> f32 = run(DType.FLOAT32, big, axis, false);
            List<double[]> f64 = run(DType.FLOAT64, big, axis, false);
            for (int i = 0; i < f64.size(); i++) {
                double[] a = f32.get(i);
                double[] e = f64.get(i);
                assertThat(a).hasSameSizeAs(e);
                for (int j = 0; j < e.length; j++) {
                    assertThat(Math.abs(a[j] - e[j])).as("axis %d output %d element %d", axis, i, j)
                            .isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(e[j])));
                }
            }
        }
    }

    @Test
    void viewsThatStartInsideALargerBufferAreCutAndAddedIntoInPlace() {
        INDArray whole = Nd4j.rand(DataType.FLOAT, 5, 4, 6);
        INDArray view = whole.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(view.offset()).isPositive();
        assertThat(Pointwise.rowMajorFloat(view)).isTrue();
        for (int axis = 0; axis < 3; axis++) {
            long n = view.size(axis);
            long[] shape = view.shape().clone();
            shape[axis] = n - 1;
            INDArray cut = Pointwise.slice(view, axis, 1, n, shape);
            INDArray acc = whole.dup('c').get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all());
            float[] before = acc.dup('c').data().asFloat();
            INDArray g = Nd4j.rand(DataType.FLOAT, shape);
            Pointwise.addIntoSlice(acc, axis, 1, n, g);
            float[] after = acc.dup('c').data().asFloat();
            float[] v = view.dup('c').data().asFloat();
            float[] c = cut.dup('c').data().asFloat();
            float[] gv = g.dup('c').data().asFloat();
            int at = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 6; k++) {
                        int flat = (i * 4 + j) * 6 + k;
                        int pos = axis == 0 ? i : axis == 1 ? j : k;
                        if (pos >= 1) {
                            assertThat(c[at]).as("axis %d cut %d", axis, at).isEqualTo(v[flat]);
                            assertThat(after[flat]).as("axis %d added %d", axis, flat)
                                    .isCloseTo(before[flat] + gv[at], org.assertj.core.data.Offset.offset(1e-6f));
                            at++;
                        } else {
                            assertThat(after[flat]).as("axis %d untouched %d", axis, flat).isEqualTo(before[flat]);
                        }
                    }
                }
            }
            assertThat(at).isEqualTo(c.length);
        }
    }
}
