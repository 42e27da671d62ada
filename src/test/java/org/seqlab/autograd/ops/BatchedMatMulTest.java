package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.check.GradCheck;

/**
 * Batched matmul with operands that are transposed views (passed to the GEMM by its flag, not copied) against the
 * same product of row-major copies, values and gradients, with and without broadcast batches; and its numeric check.
 */
class BatchedMatMulTest {

    private static List<double[]> run(Tensor a0, Tensor b0) {
        Tensor a = a0.requiresGrad(true);                // each run has its own leaves: gradients do not add up
        Tensor b = b0.requiresGrad(true);
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor y = F.matmul(a, b);
            out.add(y.toDoubleArray());
            tape.backward(F.sum(F.mul(y, y)));
        }
        out.add(a.grad().toDoubleArray());
        out.add(b.grad().toDoubleArray());
        return out;
    }

    /** The transpose of the last two axes of {@code stored}: a view, or (copy) its row-major copy. */
    private static Tensor transposed(Tensor stored, boolean copy) {
        int r = stored.shape().rank();
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = i;
        }
        p[r - 2] = r - 1;
        p[r - 1] = r - 2;
        INDArray view = stored.array().permute(p);
        return Tensor.wrap(copy ? view.dup('c') : view, copy ? "copy" : "view");
    }

    @Test
    void transposedViewsGiveTheProductOfRowMajorCopies() {
        for (DType type : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = type == DType.FLOAT64 ? 1e-12 : 1e-5;
            Tensor a = Tensor.uniform(type, 1, -1, 1, 2, 3, 4, 5);
            Tensor aStored = Tensor.uniform(type, 2, -1, 1, 2, 3, 5, 4);
            Tensor bStored = Tensor.uniform(type, 3, -1, 1, 2, 3, 6, 5);          // kᵀ of keys stored (…, 6, 5)
            Tensor b1Stored = Tensor.uniform(type, 4, -1, 1, 1, 3, 6, 5);         // a batch axis to broadcast
            Tensor[][] views = {
                {a.copy(), transposed(bStored, false)}, {transposed(aStored, false), transposed(bStored, false)},
                {a.copy(), transposed(b1Stored, false)}};
            Tensor[][] copies = {
                {a.copy(), transposed(bStored, true)}, {transposed(aStored, true), transposed(bStored, true)},
                {a.copy(), transposed(b1Stored, true)}};
            for (int c = 0; c < views.length; c++) {
                List<double[]> fast = run(views[c][0], views[c][1]);
                List<double[]> plain = run(copies[c][0], copies[c][1]);
                for (int i = 0; i < 3; i++) {
                    assertClose(fast.get(i), plain.get(i), tol, type + " case " + c + " output " + i);
                }
            }
        }
    }

    @Test
    void gradientsThroughBatchedProductsPassTheNumericCheck() {
        Tensor a = Tensor.uniform(DType.FLOAT64, 5, -1, 1, 2, 3, 4, 5).requiresGrad(true);
        Tensor bt = Tensor.uniform(DType.FLOAT64, 6, -1, 1, 2, 3, 6, 5).requiresGrad(true);
        Tensor b1 = Tensor.uniform(DType.FLOAT64, 7, -1, 1, 1, 3, 6, 4).requiresGrad(true);
        assertThat(GradCheck.check("matmul a kT", x -> F.matmul(x.get(0), F.transpose(x.get(1), -2, -1)),
                List.of(a, bt)).passed()).isTrue();
        assertThat(GradCheck.check("matmul aT bT broadcast",
                x -> F.matmul(F.transpose(x.get(0), -2, -1), F.transpose(x.get(1), -2, -1)), List.of(a, b1)).passed())
                .isTrue();
    }

    private static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s element %d", what, i)
                    .isLessThanOrEqualTo(tol * Math.max(1, Math.abs(expected[i])));
        }
    }
}
