package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.*;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Workers;

/**
 * The fused attention against the step-by-step ops of {@code nn.attention.ScaledDotProductAttention} and
 * nanoGPT's head split (slice, reshape, permute, scores, scale, mask, softmax, context, merge): values and the
 * gradient of the packed projection, causal or not, on one thread and on two with every product and row pass cut.
 */
class PackedAttentionTest {

    @Test
    void equalsTheStepByStepHeadsInBothDtypesCausalOrNot() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (boolean causal : new boolean[] {true, false}) {
                compare(dtype, causal, 3, 7, 4, 5);
                compare(dtype, causal, 2, 64, 4, 32);
            }
        }
    }

    @Test
    void twoThreadsGiveTheOneThreadValues() {
        Tensor.zeros(DType.FLOAT32, 1);         // the backend starts (and sets its threads) before the test's
        Workers.setWays(2);
        Gemm.setMinSplitFlops(0);
        long shared = Workers.sharedCount();
        try {
            compare(DType.FLOAT32, true, 4, 64, 4, 8);
            compare(DType.FLOAT64, true, 2, 5, 3, 2);
            assertThat(Workers.sharedCount()).as("runs shared").isGreaterThan(shared);
        } finally {
            Workers.setWays(1);
            Gemm.setMinSplitFlops(Gemm.MIN_SPLIT_FLOPS);
        }
    }

    @Test
    void float32RowsLongerThanAChunkTakeTheRowByRowPath() {
        PackedAttention.chunkedRows = 4;
        try {
            compare(DType.FLOAT32, true, 2, 7, 2, 3);
            compare(DType.FLOAT32, false, 1, 5, 1, 4);
        } finally {
            PackedAttention.chunkedRows = FloatKernels.CHUNK;
        }
    }

    @Test
    void aProjectionThatIsNotPackedGetsOneMessage() {
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, 2, 3, 10);
        assertThatThrownBy(() -> packedAttention(x, 2, true)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("(B, T, 3C)").hasMessageContaining("(2,3,10)").hasMessageContaining("Fix");
    }

    private static void compare(DType dtype, boolean causal, int batch, int steps, int heads, int d) {
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        int c = heads * d;
        Tensor a = Tensor.uniform(dtype, 11, -2, 2, batch, steps, 3 * c).requiresGrad(true);
        Tensor b = a.copy().requiresGrad(true);
        Tensor r = Tensor.uniform(dtype, 12, -1, 1, batch, steps, c);
        double[] fused;
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor y = packedAttention(a, heads, causal);
            fused = y.toDoubleArray();
            tape.backward(sum(mul(y, r)));
        }
        double[] plain;
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor q = heads(slice(b, 2, 0, c), batch, steps, heads, d);
            Tensor k = heads(slice(b, 2, c, 2L * c), batch, steps, heads, d);
            Tensor v = heads(slice(b, 2, 2L * c, 3L * c), batch, steps, heads, d);
            Tensor att = mul(matmul(q, transpose(k, -2, -1)), 1.0 / Math.sqrt(d));
            if (causal) {
                att = maskedFill(att, causalMask(dtype, steps), Double.NEGATIVE_INFINITY);
            }
            Tensor y = reshape(permute(matmul(softmax(att, -1), v), 0, 2, 1, 3), batch, steps, c);
            plain = y.toDoubleArray();
            tape.backward(sum(mul(y, r)));
        }
        assertClose(fused, plain, tol);
        assertClose(a.grad().toDoubleArray(), b.grad().toDoubleArray(), tol);
    }

    private static Tensor heads(Tensor x, long b, long t, long nh, long hs) {
        return permute(reshape(x, b, t, nh, hs), 0, 2, 1, 3);
    }

    private static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i)
                    .isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
