package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/** Layer norm's float32 pass in Java against the float64 ops, values and every gradient, with and without affine. */
class LayerNormFloat32Test {

    private static List<double[]> run(DType type, boolean affine, Tensor x0, Tensor w0, Tensor b0, Tensor g0) {
        Tensor x = x0.to(type).requiresGrad(true);
        Tensor w = w0.to(type).requiresGrad(true);
        Tensor b = b0.to(type).requiresGrad(true);
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor y = affine ? F.layerNorm(x, w, b, 1e-5) : F.layerNorm(x, 1e-5);
            out.add(y.toDoubleArray());
            tape.backward(y, g0.to(type));
        }
        out.add(x.grad().toDoubleArray());
        if (affine) {
            out.add(w.grad().toDoubleArray());
            out.add(b.grad().toDoubleArray());
        }
        return out;
    }

    @Test
    void float32ValuesAndGradientsMatchTheFloat64Ops() {
        for (boolean affine : new boolean[] {true, false}) {
            // float32 values, so both passes see the same inputs; an offset and a scale that strain the statistics
            Tensor x = Tensor.uniform(DType.FLOAT64, 1, -3, 5, 4, 7, 33).to(DType.FLOAT32).to(DType.FLOAT64);
            Tensor w = Tensor.uniform(DType.FLOAT64, 2, 0.5, 1.5, 33).to(DType.FLOAT32).to(DType.FLOAT64);
            Tensor b = Tensor.uniform(DType.FLOAT64, 3, -1, 1, 33).to(DType.FLOAT32).to(DType.FLOAT64);
            Tensor g = Tensor.uniform(DType.FLOAT64, 4, -1, 1, 4, 7, 33).to(DType.FLOAT32).to(DType.FLOAT64);
            List<double[]> f32 = run(DType.FLOAT32, affine, x, w, b, g);
            List<double[]> f64 = run(DType.FLOAT64, affine, x, w, b, g);
            String[] names = {"y", "dx", "dweight", "dbias"};
            for (int i = 0; i < f64.size(); i++) {
                double worst = 0;
                for (int j = 0; j < f64.get(i).length; j++) {
                    double e = f64.get(i)[j];
                    worst = Math.max(worst, Math.abs(f32.get(i)[j] - e) / Math.max(1, Math.abs(e)));
                }
                assertThat(worst).as("affine %s: %s", affine, names[i]).isLessThan(2e-6);
            }
        }
    }

    @Test
    void aTracedFloat32PassSavesTheStatisticsTheDebuggerShows() {
        Tensor x = Tensor.uniform(DType.FLOAT32, 5, -1, 1, 2, 3, 8).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            F.layerNorm(x, 1e-5);
            var event = tape.trace().events().get(tape.trace().events().size() - 1);
            assertThat(event.saved()).containsKeys("mean", "rstd", "xhat");
            assertThat(event.saved().get("rstd").shape().toArray()).containsExactly(2, 3, 1);
            assertThat(event.saved().get("xhat").shape().toArray()).containsExactly(2, 3, 8);
        }
    }
}
