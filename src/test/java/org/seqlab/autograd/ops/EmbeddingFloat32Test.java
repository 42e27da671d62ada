package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/** The float32 embedding gradient (added in Java in float32) against float64: repeated ids, a padding id. */
class EmbeddingFloat32Test {

    private static double[] gradient(DType type, Tensor table, Tensor ids, Tensor g) {
        Tensor w = table.to(type).requiresGrad(true);
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor y = F.embedding(w, ids, 2);
            tape.backward(y, g.to(type));
        }
        return w.grad().toDoubleArray();
    }

    @Test
    void float32RowsAddUpAsInFloat64AndThePaddingRowStaysZero() {
        Tensor table = Tensor.uniform(DType.FLOAT64, 1, -1, 1, 7, 5).to(DType.FLOAT32).to(DType.FLOAT64);
        Tensor ids = Tensor.indices(new long[] {3, 3, 0, 2, 6, 3, 2, 1}, 2, 4);
        Tensor g = Tensor.uniform(DType.FLOAT64, 2, -1, 1, 2, 4, 5).to(DType.FLOAT32).to(DType.FLOAT64);
        double[] f32 = gradient(DType.FLOAT32, table, ids, g);
        double[] f64 = gradient(DType.FLOAT64, table, ids, g);
        for (int i = 0; i < f64.length; i++) {
            assertThat(f32[i]).as("element %d", i).isCloseTo(f64[i], within(1e-6));
        }
        for (int j = 0; j < 5; j++) {
            assertThat(f32[2 * 5 + j]).as("padding row").isZero();
            assertThat(f32[4 * 5 + j]).as("an id not used").isZero();
        }
        assertThat(f32[3 * 5]).as("id 3, used three times").isNotZero();
    }
}
