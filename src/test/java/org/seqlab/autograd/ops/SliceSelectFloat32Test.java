package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
