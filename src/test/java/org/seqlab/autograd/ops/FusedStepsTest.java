package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.*;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/** The fused step kernels against the same equations written with single ops, values and gradients. */
class FusedStepsTest {

    @Test
    void theFastTanhIsWithin2e15OfMathTanhRelativeOverMinus20To20() {
        double worst = 0;
        for (int i = -200_000; i <= 200_000; i++) {
            double x = i * 1e-4 + (i % 7) * 1e-9;
            double t = Math.tanh(x);
            if (t != 0) {
                worst = Math.max(worst, Math.abs(Pointwise.tanh(x) - t) / Math.abs(t));
            }
        }
        for (double x : new double[] {1e-300, -1e-12, 0.019999, 0.02, -0.02, 30, -30, 400, -400}) {
            assertThat(Pointwise.tanh(x)).isCloseTo(Math.tanh(x), within(2e-15 * Math.abs(Math.tanh(x))));
        }
        assertThat(Pointwise.tanh(0.0)).isZero();
        assertThat(worst).isLessThan(2e-15);
    }

    @Test
    void lstmStepEqualsTheGateOpsInFloat64() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            Tensor[] a = inputs(dtype, 5, 4 * 6, 6);
            Tensor[] b = copies(a);
            Tensor gh = Tensor.uniform(dtype, 9, -1, 1, 5, 6);
            Tensor gc = Tensor.uniform(dtype, 10, -1, 1, 5, 6);
            double[] fused;
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                Tensor out = lstmStep(a[0], a[1], a[2]);
                fused = out.toDoubleArray();
                tape.backward(add(sum(mul(select(out, 0, 0), gh)), sum(mul(select(out, 0, 1), gc))));
            }
            double[] plain;
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                Tensor gates = add(b[0], b[1]);
                Tensor i = sigmoid(slice(gates, 1, 0, 6));
                Tensor f = sigmoid(slice(gates, 1, 6, 12));
                Tensor g = tanh(slice(gates, 1, 12, 18));
                Tensor o = sigmoid(slice(gates, 1, 18, 24));
                Tensor c = add(mul(f, b[2]), mul(i, g));
                Tensor h = mul(o, tanh(c));
                plain = stack(0, h, c).toDoubleArray();
                tape.backward(add(sum(mul(h, gh)), sum(mul(c, gc))));
            }
            assertClose(fused, plain, tol);
            for (int k = 0; k < 3; k++) {
                assertClose(a[k].grad().toDoubleArray(), b[k].grad().toDoubleArray(), tol);
            }
        }
    }

    @Test
    void lstmStepOnStridedViewsEqualsTheGateOps() {
        // x a column block of a wider matrix (rows strided), p a transpose (columns strided), as a step sees them
        int batch = 3;
        int h = 5;
        double[][] results = new double[2][];
        double[][] grads = new double[2][];
        for (int route = 0; route < 2; route++) {
            Tensor wide = Tensor.uniform(DType.FLOAT32, 1, -3, 3, batch, 12 * h).requiresGrad(true);
            Tensor pt = Tensor.uniform(DType.FLOAT32, 2, -2, 2, 4 * h, batch).requiresGrad(true);
            Tensor c0 = Tensor.uniform(DType.FLOAT32, 3, -2, 2, batch, h).requiresGrad(true);
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                Tensor x = slice(wide, 1, 4 * h, 8 * h);
                Tensor p = transpose(pt, 0, 1);
                Tensor loss;
                if (route == 0) {
                    Tensor out = lstmStep(x, p, c0);
                    results[0] = out.toDoubleArray();
                    loss = add(sum(mul(select(out, 0, 0), select(out, 0, 0))), sum(select(out, 0, 1)));
                } else {
                    Tensor gates = add(x, p);
                    Tensor i = sigmoid(slice(gates, 1, 0, h));
                    Tensor f = sigmoid(slice(gates, 1, h, 2 * h));
                    Tensor g = tanh(slice(gates, 1, 2 * h, 3 * h));
                    Tensor o = sigmoid(slice(gates, 1, 3 * h, 4 * h));
                    Tensor c = add(mul(f, c0), mul(i, g));
                    Tensor hh = mul(o, tanh(c));
                    results[1] = stack(0, hh, c).toDoubleArray();
                    loss = add(sum(mul(hh, hh)), sum(c));
                }
                tape.backward(loss);
            }
            grads[route] = concatenated(wide.grad().toDoubleArray(), pt.grad().toDoubleArray(),
                    c0.grad().toDoubleArray());
        }
        assertClose(results[0], results[1], 1e-5);
        assertClose(grads[0], grads[1], 1e-5);
    }

    private static double[] concatenated(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void gruStepEqualsTheGateOpsAsPyTorchWritesThem() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            Tensor[] a = inputs(dtype, 4, 3 * 5, 5);
            Tensor[] b = copies(a);
            Tensor gOut = Tensor.uniform(dtype, 11, -1, 1, 4, 5);
            double[] fused;
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                Tensor out = gruStep(a[0], a[1], a[2]);
                fused = out.toDoubleArray();
                tape.backward(sum(mul(out, gOut)));
            }
            double[] plain;
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                Tensor r = sigmoid(add(slice(b[0], 1, 0, 5), slice(b[1], 1, 0, 5)));
                Tensor z = sigmoid(add(slice(b[0], 1, 5, 10), slice(b[1], 1, 5, 10)));
                Tensor n = tanh(add(slice(b[0], 1, 10, 15), mul(r, slice(b[1], 1, 10, 15))));
                Tensor h = add(n, mul(z, sub(b[2], n)));
                plain = h.toDoubleArray();
                tape.backward(sum(mul(h, gOut)));
            }
            assertClose(fused, plain, tol);
            for (int k = 0; k < 3; k++) {
                assertClose(a[k].grad().toDoubleArray(), b[k].grad().toDoubleArray(), tol);
            }
        }
    }

    @Test
    void stepsSharedBetweenTwoThreadsGiveTheOneThreadValuesAndGradientsExactly() {
        // W1's and W3's sizes (batch 32, hidden 256): rows of the batch shared between the caller and a helper
        for (boolean lstm : new boolean[] {true, false}) {
            int gates = (lstm ? 4 : 3) * 256;
            Tensor[] a = inputs(DType.FLOAT32, 32, gates, 256);
            double[][] one = stepAndGradients(lstm, copies(a));
            long shared = org.seqlab.autograd.Workers.sharedCount();
            org.seqlab.autograd.Workers.setWays(2);
            double[][] two;
            try {
                two = stepAndGradients(lstm, copies(a));
            } finally {
                org.seqlab.autograd.Workers.setWays(1);
            }
            assertThat(org.seqlab.autograd.Workers.sharedCount()).as("shared runs").isGreaterThanOrEqualTo(shared + 2);
            for (int k = 0; k < one.length; k++) {
                assertThat(two[k]).as("%s output/gradient %d", lstm ? "lstm" : "gru", k).containsExactly(one[k]);
            }
        }
    }

    private static double[][] stepAndGradients(boolean lstm, Tensor[] a) {
        double[] out;
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor y = lstm ? lstmStep(a[0], a[1], a[2]) : gruStep(a[0], a[1], a[2]);
            out = y.toDoubleArray();
            Tensor w = Tensor.uniform(DType.FLOAT32, 11, -1, 1, y.shape().toArray());
            tape.backward(sum(mul(y, w)));
        }
        return new double[][] {out, a[0].grad().toDoubleArray(), a[1].grad().toDoubleArray(),
            a[2].grad().toDoubleArray()};
    }

    private static Tensor[] inputs(DType dtype, long batch, long gates, long hidden) {
        return new Tensor[] {
            Tensor.uniform(dtype, 1, -3, 3, batch, gates).requiresGrad(true),
            Tensor.uniform(dtype, 2, -2, 2, batch, gates).requiresGrad(true),
            Tensor.uniform(dtype, 3, -2, 2, batch, hidden).requiresGrad(true)};
    }

    private static Tensor[] copies(Tensor[] a) {
        Tensor[] b = new Tensor[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i].copy().requiresGrad(true);
        }
        return b;
    }

    private static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
