package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

/** masked_fill read through broadcast strides: values, the exact-zero gradient, views, and the traced "keep". */
class MaskedFillTest {

    @Test
    void aPaddingMaskBroadcastsOverTheMiddleDimension() {
        // x (2,2,3), mask (2,1,3): batch item 0 masks its last key, item 1 its first
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
        Tensor mask = Tensor.of(new double[] {0, 0, 1, 1, 0, 0}, 2, 1, 3);
        assertThat(F.maskedFill(x, mask, -1).toDoubleArray())
                .containsExactly(1, 2, -1, 4, 5, -1, -1, 8, 9, -1, 11, 12);
    }

    @Test
    void aCausalMaskFillsMinusInfinityAndTheGradientThereIsExactlyZero() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.uniform(d, 3, -1, 1, 2, 3, 3).requiresGrad(true);
            Tensor mask = F.causalMask(d, 3);
            double[] g = new double[18];
            java.util.Arrays.fill(g, Double.NaN);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j <= i; j++) {
                        g[b * 9 + i * 3 + j] = 1 + b * 9 + i * 3 + j;
                    }
                }
            }
            Tensor y;
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                y = F.maskedFill(x, mask, Double.NEGATIVE_INFINITY);
                tape.backward(y, Tensor.of(d, g, 2, 3, 3));
            }
            double[] xv = x.toDoubleArray();
            double[] yv = y.toDoubleArray();
            double[] gx = x.grad().toDoubleArray();
            for (int k = 0; k < 18; k++) {
                boolean future = k % 3 > (k % 9) / 3;
                assertThat(yv[k]).as(d + " y[" + k + "]").isEqualTo(future ? Double.NEGATIVE_INFINITY : xv[k]);
                assertThat(gx[k]).as(d + " dx[" + k + "]").isEqualTo(future ? 0.0 : g[k]);
            }
        }
    }

    @Test
    void aTransposedViewIsReadInItsOwnOrder() {
        Tensor x = F.transpose(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), 0, 1);   // (3,2): 1 4 / 2 5 / 3 6
        Tensor mask = Tensor.of(new double[] {1, 0}, 2);
        assertThat(F.maskedFill(x, mask, 0).toDoubleArray()).containsExactly(0, 4, 0, 5, 0, 6);
    }

    @Test
    void aTracedPassSavesWhereValuesPassThrough() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Trace trace;
        try (Tape tape = Tape.open()) {
            tape.backward(F.sum(F.maskedFill(x, Tensor.of(new double[] {0, 1}, 2), 9)));
            trace = tape.trace();
        }
        TraceEvent fill = trace.phase(Phase.FORWARD).stream().filter(e -> e.op().equals("masked_fill")).findFirst()
                .orElseThrow();
        assertThat(fill.saved().get("keep").toDoubleArray()).containsExactly(1, 0, 1, 0);
        assertThat(fill.value().toDoubleArray()).containsExactly(1, 9, 3, 9);
    }

    @Test
    void everyBroadcastPatternFillsWhereTheMaskIsSetAsAnIndexByIndexReferenceDoes() {
        long[] shape = {2, 3, 4, 5};
        long[][] masks = {{4, 5}, {1, 1, 4, 5}, {3, 4, 5}, {2, 1, 1, 5}, {1, 3, 1, 1}, {5}, {1}, {2, 3, 4, 5},
            {2, 1, 4, 1}};
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, shape);
        double[] xv = x.toDoubleArray();
        for (long[] ms : masks) {
            int mn = 1;
            for (long d : ms) {
                mn *= (int) d;
            }
            double[] mv = new double[mn];
            for (int i = 0; i < mn; i++) {
                mv[i] = (i * 7 + mn) % 3 == 0 ? 1 : 0;
            }
            double[] got = F.maskedFill(x, Tensor.of(mv, ms), -5).toDoubleArray();
            for (int i = 0; i < xv.length; i++) {
                // the mask's value at i: x's index with each mask axis of size 1 read at 0, right-aligned
                int rem = i;
                int[] idx = new int[shape.length];
                for (int d = shape.length - 1; d >= 0; d--) {
                    idx[d] = rem % (int) shape[d];
                    rem /= (int) shape[d];
                }
                int m = 0;
                for (int k = 0; k < ms.length; k++) {
                    int d = shape.length - ms.length + k;
                    m = m * (int) ms[k] + (ms[k] == 1 ? 0 : idx[d]);
                }
                double expected = mv[m] != 0 ? -5 : (float) xv[i];
                assertThat(got[i]).as("mask %s at %d", java.util.Arrays.toString(ms), i).isEqualTo(expected);
            }
        }
    }
}
