package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vectorised float32 exp and erf against double references, over their whole range and at the edges. */
class FloatKernelsTest {

    /** erf in double to ~1e-15: its Taylor series below 3, the continued fraction of erfc above. */
    static double erfReference(double x) {
        double t = Math.abs(x);
        double s;
        if (t < 3) {
            double x2 = t * t;
            double term = t;
            double sum = t;
            for (int k = 1; k < 200; k++) {
                term *= -x2 / k;
                sum += term / (2 * k + 1);
            }
            s = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int k = 80; k >= 1; k--) {
                f = k / 2.0 / (t + f);
            }
            s = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
        }
        return x < 0 ? -s : s;
    }

    @Test
    void expIsWithinTwoUlpsOfMathExpAndZeroWhereFloat32LeavesItsNormalRange() {
        int n = FloatKernels.CHUNK;
        float[] x = new float[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-87.5 + r.nextDouble() * 175.5);
        }
        x[0] = 0;
        x[1] = -1e-9f;
        x[2] = 88f;
        x[3] = -87.3f;
        float[] y = new float[n];
        FloatKernels.exp(x, y, n, FloatKernels.scratch());
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(y[i] / Math.exp(x[i]) - 1));
        }
        assertThat(worst).isLessThan(2.5e-7);
        assertThat(y[0]).isEqualTo(1f);
        float[] edges = {-88f, -100f, -1e30f, Float.NEGATIVE_INFINITY, 200f};
        float[] out = new float[edges.length];
        FloatKernels.exp(edges, out, edges.length, FloatKernels.scratch());
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[1]).isEqualTo(0f);
        assertThat(out[2]).isEqualTo(0f);
        assertThat(out[3]).isEqualTo(0f);
        assertThat((double) out[4]).isCloseTo(Math.exp(88), org.assertj.core.data.Percentage.withPercentage(1e-4));
    }

    @Test
    void expWorksInPlaceOverAPartialChunk() {
        float[] x = {1f, 2f, -3f, 0.5f, 9f};
        FloatKernels.exp(x, x, 3, FloatKernels.scratch());
        assertThat((double) x[0]).isCloseTo(Math.E, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) x[2]).isCloseTo(Math.exp(-3), org.assertj.core.data.Offset.offset(1e-8));
        assertThat(x[3]).isEqualTo(0.5f);    // past len: untouched
        assertThat(x[4]).isEqualTo(9f);
    }

    @Test
    void erfIsWithinHalfAMillionthOfTheReferenceEverywhere() {
        int n = 80_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-8 + 16.0 * i / (n - 1));
        }
        float[] y = new float[n];
        double worst = 0;
        for (int at = 0; at < n; at += FloatKernels.CHUNK) {
            int len = Math.min(FloatKernels.CHUNK, n - at);
            float[] xs = java.util.Arrays.copyOfRange(x, at, at + len);
            FloatKernels.erf(xs, xs, len);
            System.arraycopy(xs, 0, y, at, len);
        }
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(y[i] - erfReference(x[i])));
        }
        assertThat(worst).isLessThan(5e-7);
        float[] big = {4f, 50f, -50f, Float.POSITIVE_INFINITY, 0f};
        FloatKernels.erf(big, big, big.length);
        assertThat(big).containsExactly(1f, 1f, -1f, 1f, 0f);
    }

    @Test
    void tanhAndSigmoidAreWithinHalfAMillionthRelativeIncludingSmallArguments() {
        int n = FloatKernels.CHUNK;
        float[] x = new float[n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            double m = r.nextDouble();
            x[i] = (float) ((r.nextBoolean() ? 1 : -1) * (m < 0.25 ? m * 1e-4 : m * 40));
        }
        x[0] = 0;
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = 1e-30f;
        float[] t = x.clone();
        float[] s = x.clone();
        FloatKernels.tanh(t, n);
        FloatKernels.sigmoid(s, n, FloatKernels.scratch());
        double worstT = 0;
        double worstS = 0;
        for (int i = 0; i < n; i++) {
            double et = Math.tanh(x[i]);
            double es = 1 / (1 + Math.exp(-(double) x[i]));
            worstT = Math.max(worstT, et == 0 ? Math.abs(t[i]) : Math.abs(t[i] - et) / Math.abs(et));
            if (x[i] > -80) {     // below, float32's sigmoid is subnormal or 0
                worstS = Math.max(worstS, Math.abs(s[i] - es) / es);
            }
        }
        assertThat(worstT).isLessThan(5e-7);
        assertThat(worstS).isLessThan(5e-7);
        assertThat(t[0]).isEqualTo(0f);
        assertThat(t[1]).isEqualTo(-1f);
        assertThat(s[0]).isEqualTo(0.5f);
        assertThat(s[1]).isLessThan(1e-37f);
        float[] nan = {Float.NaN};
        FloatKernels.sigmoid(nan, 1, FloatKernels.scratch());
        assertThat(nan[0]).isNaN();
    }

    @Test
    void sumAndDotMatchDoubleSumsOverAnyRangeIncludingTails() {
        Random r = new Random(11);
        float[] a = new float[5000];
        float[] b = new float[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * 3 + 1);
            b[i] = (float) r.nextGaussian();
        }
        for (int[] range : new int[][] {{0, 0}, {0, 1}, {3, 7}, {5, 64}, {1, 129}, {17, 4096}, {0, 5000}}) {
            double s = 0;
            double d = 0;
            double scale = 0;
            for (int i = range[0]; i < range[0] + range[1]; i++) {
                s += a[i];
                d += a[i] * (double) b[i];
                scale += Math.abs(a[i] * (double) b[i]) + Math.abs(a[i]);
            }
            double tol = 1e-6 * Math.max(1, scale);
            assertThat(FloatKernels.sum(a, range[0], range[1])).as("sum %s", java.util.Arrays.toString(range))
                    .isCloseTo(s, org.assertj.core.data.Offset.offset(tol));
            assertThat(FloatKernels.dot(a, b, range[0], range[1])).as("dot %s", java.util.Arrays.toString(range))
                    .isCloseTo(d, org.assertj.core.data.Offset.offset(tol));
        }
        assertThat(FloatKernels.sum(new float[] {1, Float.NaN, 2}, 0, 3)).isNaN();
    }
}
