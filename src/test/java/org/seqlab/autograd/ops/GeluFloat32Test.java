package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/** GELU's float32 pass in Java (both formulas) against the float64 ops: values, the gradient, views, the trace. */
class GeluFloat32Test {

    private static List<double[]> run(DType type, Gelu.Approximation a, Tensor x0, Tensor g0, boolean transposed) {
        Tensor x = x0.to(type).requiresGrad(true);
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor in = transposed ? F.transpose(x, 0, 1) : x;
            Tensor y = F.gelu(in, a);
            out.add(y.toDoubleArray());
            tape.backward(y, g0.to(type));
        }
        out.add(x.grad().toDoubleArray());
        return out;
    }

    @Test
    void float32ValuesAndGradientMatchTheFloat64Ops() {
        for (Gelu.Approximation a : Gelu.Approximation.values()) {
            for (boolean transposed : new boolean[] {false, true}) {
                // float32 inputs seen by both; wide enough to reach both tails, long enough for several chunks
                Tensor x = Tensor.uniform(DType.FLOAT64, 1, -9, 9, 50, 211).to(DType.FLOAT32).to(DType.FLOAT64);
                Tensor g = Tensor.uniform(DType.FLOAT64, 2, -1, 1, transposed ? 211 : 50, transposed ? 50 : 211).to(DType.FLOAT32).to(DType.FLOAT64);
                List<double[]> f32 = run(DType.FLOAT32, a, x, g, transposed);
                List<double[]> f64 = run(DType.FLOAT64, a, x, g, transposed);
                for (int i = 0; i < 2; i++) {
                    double worst = 0;
                    for (int j = 0; j < f64.get(i).length; j++) {
                        double e = f64.get(i)[j];
                        worst = Math.max(worst, Math.abs(f32.get(i)[j] - e) / Math.max(1, Math.abs(e)));
                    }
                    assertThat(worst).as("%s transposed %s: %s", a, transposed, i == 0 ? "y" : "dx").isLessThan(2e-6);
                }
            }
        }
    }

    @Test
    void aTracedFloat32PassSavesWhatTheDebuggerShows() {
        Tensor x = Tensor.uniform(DType.FLOAT32, 5, -3, 3, 4, 6).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            F.gelu(x);
            var exact = tape.trace().events().get(tape.trace().events().size() - 1);
            F.gelu(x, Gelu.Approximation.TANH);
            var tanh = tape.trace().events().get(tape.trace().events().size() - 1);
            assertThat(exact.saved()).containsKey("cdf");
            assertThat(tanh.saved()).containsKey("tanh_u");
            double[] cdf = exact.saved().get("cdf").toDoubleArray();
            double[] xs = x.toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                assertThat(cdf[i]).isCloseTo(0.5 * (1 + FloatKernelsTest.erfReference(xs[i] / Math.sqrt(2))),
                        org.assertj.core.data.Offset.offset(5e-7));
            }
        }
    }
}
