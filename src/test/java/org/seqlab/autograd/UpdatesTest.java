package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.sum;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-place updates against plain-Java transcriptions of PyTorch's formulas, float64, several steps. */
class UpdatesTest {

    private static final double[] W0 = {0.5, -1.25, 2.0, 0.1};
    private static final double[] C = {1.0, -2.0, 0.5, 3.0};

    /** Sets p's gradient to dL/dp of L = Σ c·p² (so g = 2·c·p, changing as p moves). */
    private static void gradient(Tensor p) {
        p.zeroGrad();
        try (Tape tape = Tape.open()) {
            tape.backward(sum(mul(mul(p, p), Tensor.of(C, 4))));
        }
    }

    private static double[] grad(double[] w) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = 2 * C[i] * w[i];
        }
        return g;
    }

    @Test
    void sgdWithMomentumNesterovAndWeightDecayFollowsPyTorch() {
        for (boolean nesterov : new boolean[] {false, true}) {
            Tensor p = Tensor.of(W0.clone(), 4).requiresGrad(true);
            Tensor buf = Tensor.zeros(DType.FLOAT64, 4);
            double[] w = W0.clone();
            double[] b = new double[4];
            double lr = 0.1;
            double mu = 0.9;
            double dampening = nesterov ? 0 : 0.1;
            double wd = 0.01;
            for (int step = 1; step <= 4; step++) {
                gradient(p);
                Updates.sgd(p, buf, lr, mu, dampening, nesterov, wd, step == 1);
                double[] g = grad(w);
                for (int i = 0; i < 4; i++) {
                    double d = g[i] + wd * w[i];
                    b[i] = step == 1 ? d : mu * b[i] + (1 - dampening) * d;
                    d = nesterov ? d + mu * b[i] : b[i];
                    w[i] -= lr * d;
                }
                double[] got = p.toDoubleArray();
                for (int i = 0; i < 4; i++) {
                    assertThat(got[i]).as("nesterov %s step %d [%d]", nesterov, step, i).isCloseTo(w[i],
                            within(1e-14));
                }
            }
        }
    }

    @Test
    void adamAndAdamWFollowPyTorch() {
        for (boolean decoupled : new boolean[] {false, true}) {
            Tensor p = Tensor.of(W0.clone(), 4).requiresGrad(true);
            Tensor m = Tensor.zeros(DType.FLOAT64, 4);
            Tensor v = Tensor.zeros(DType.FLOAT64, 4);
            double[] w = W0.clone();
            double[] mm = new double[4];
            double[] vv = new double[4];
            double lr = 0.01;
            double b1 = 0.9;
            double b2 = 0.999;
            double eps = 1e-8;
            double wd = 0.1;
            for (int t = 1; t <= 5; t++) {
                gradient(p);
                Updates.adam(p, m, v, lr, b1, b2, eps, t, wd, decoupled);
                double[] g = grad(w);
                for (int i = 0; i < 4; i++) {
                    double gi = g[i];
                    if (decoupled) {
                        w[i] *= 1 - lr * wd;
                    } else {
                        gi += wd * w[i];
                    }
                    mm[i] = b1 * mm[i] + (1 - b1) * gi;
                    vv[i] = b2 * vv[i] + (1 - b2) * gi * gi;
                    double mhat = mm[i] / (1 - Math.pow(b1, t));
                    double denom = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    w[i] -= lr * mhat / denom;
                }
                double[] got = p.toDoubleArray();
                for (int i = 0; i < 4; i++) {
                    assertThat(got[i]).as("decoupled %s step %d [%d]", decoupled, t, i).isCloseTo(w[i],
                            within(1e-14));
                }
            }
            assertThat(m.toDoubleArray()[0]).isCloseTo(mm[0], within(1e-15));
        }
    }

    @Test
    void theOnePassAdamOnFloat32MatchesTheOpByOpFormOverManyChunksAndViewsTakeTheOps() {
        for (boolean decoupled : new boolean[] {false, true}) {
            int n = 3 * 7001;                                           // several of the kernel's chunks, and a rest
            Tensor fused = Tensor.uniform(DType.FLOAT32, 11, -1, 1, 3, 7001);
            org.nd4j.linalg.api.ndarray.INDArray big = Tensor.uniform(DType.FLOAT32, 11, -1, 1, 7001, 3).array();
            Tensor g = Tensor.uniform(DType.FLOAT32, 12, -1, 1, 3, 7001);
            Tensor mF = Tensor.zeros(DType.FLOAT32, 3, 7001);
            Tensor vF = Tensor.zeros(DType.FLOAT32, 3, 7001);
            double[] w = fused.toDoubleArray();
            double[] mm = new double[n];
            double[] vv = new double[n];
            double[] gg = g.toDoubleArray();
            assertThat(AdamKernel.applies(fused.array(), g.array(), mF.array(), vF.array())).isTrue();
            assertThat(AdamKernel.applies(big.transpose(), g.array(), mF.array(), vF.array()))
                    .as("a transposed view is not contiguous: the op-by-op form runs").isFalse();
            for (int t = 1; t <= 3; t++) {
                double bc1 = 1 - Math.pow(0.9, t);
                double bc2 = 1 - Math.pow(0.999, t);
                AdamKernel.step(fused.array(), g.array(), mF.array(), vF.array(), 0.01, 0.9, 0.999, 1e-8, bc1, bc2,
                        0.1, decoupled);
                for (int i = 0; i < n; i++) {
                    double gi = gg[i];
                    if (decoupled) {
                        w[i] *= 1 - 0.01 * 0.1;
                    } else {
                        gi += 0.1 * w[i];
                    }
                    mm[i] = 0.9 * mm[i] + 0.1 * gi;
                    vv[i] = 0.999 * vv[i] + 0.001 * gi * gi;
                    w[i] -= 0.01 / bc1 * mm[i] / (Math.sqrt(vv[i]) / Math.sqrt(bc2) + 1e-8);
                }
            }
            double[] got = fused.toDoubleArray();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(got[i] - w[i]));
            }
            assertThat(worst).as("decoupled %s: max |w - reference|", decoupled).isLessThan(1e-6);
            assertThat(mF.toDoubleArray()[n - 1]).isCloseTo(mm[n - 1], within(1e-6));
        }
    }

    @Test
    void float32GradientSquaresAreSummedInJavaToTheDoubleSum() {
        // lengths around the chunk (4096) and its four chains
        for (int n : new int[] {1, 3, 4097, 10_000}) {
            Tensor p = Tensor.uniform(DType.FLOAT32, n, -2, 2, n).requiresGrad(true);
            try (org.seqlab.autograd.Tape tape = org.seqlab.autograd.Tape.open(TapeOptions.untraced())) {
                tape.backward(org.seqlab.autograd.ops.F.sum(org.seqlab.autograd.ops.F.mul(p, p)));
            }
            double expected = 0;
            for (double x : p.grad().toDoubleArray()) {
                expected += x * x;
            }
            assertThat(Updates.gradSquaredSum(List.of(p))).as("n %d", n)
                    .isCloseTo(expected, within(1e-6 * expected));
        }
    }

    @Test
    void gradientsAreScaledClampedAndSummedOncePerTensor() {
        Tensor p = Tensor.of(W0.clone(), 4).requiresGrad(true);
        gradient(p);
        double[] g = grad(W0);
        double expected = 0;
        for (double x : g) {
            expected += x * x;
        }
        assertThat(Updates.gradSquaredSum(List.of(p, p))).as("a tied tensor counts once").isCloseTo(expected,
                within(1e-12));
        Updates.scaleGrads(List.of(p), 0.5);
        assertThat(p.grad().toDoubleArray()[1]).isCloseTo(g[1] * 0.5, within(1e-15));
        Updates.clampGrads(List.of(p), 1.0);
        double[] clamped = p.grad().toDoubleArray();
        assertThat(clamped[0]).isCloseTo(0.5, within(1e-15));
        assertThat(clamped[1]).as("2.5 clamped").isEqualTo(1.0);
        assertThat(clamped[2]).as("1.0 stays").isEqualTo(1.0);
        assertThat(clamped[3]).isCloseTo(0.3, within(1e-15));
        Tensor noGrad = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        assertThat(Updates.gradSquaredSum(List.of(noGrad))).isZero();
        Updates.adam(noGrad, Tensor.zeros(DType.FLOAT64, 1), Tensor.zeros(DType.FLOAT64, 1), 1, 0.9, 0.9, 1e-8, 1,
                0, true);
        assertThat(noGrad.toDoubleArray()).containsExactly(1);
    }
}
