package org.seqlab.nn.crf;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.exp;
import static org.seqlab.autograd.ops.F.log;
import static org.seqlab.autograd.ops.F.sub;
import static org.seqlab.autograd.ops.F.sum;

import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;

/** {@code log(sum(exp(x), axis))} composed from the ops, shifted by the maximum so no exp overflows. */
final class LogSumExp {
    private LogSumExp() {
    }

    /**
     * {@code m + log(sum(exp(x - m), axis))} with {@code m = max(x, axis)}, under the label {@code logsumexp}.
     * The shift m is a constant (as inside {@code torch.logsumexp}): any m gives the same value, and the
     * gradient is exactly {@code softmax(x, axis)}; m only keeps every exp at or below 1. A row of -inf gets
     * m = 0 and yields -inf, as in PyTorch.
     *
     * <p>NOTE: m is read from x's values rather than computed by {@code F.max}: it needs no gradient, and the
     * max op (which also finds the tied winners its backward needs) cost 150-200 us on a (2, 5, 5) tensor
     * against about 10 us for an elementwise op, doubling the cost of each time step's logsumexp.
     */
    static Tensor logSumExp(Tensor x, int axis) {
        long[] shape = x.shape().toArray();
        int a = x.shape().axis(axis);
        double[] v = x.toDoubleArray();
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int n = (int) shape[a];
        double[] m = new double[(int) (outer * inner)];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    best = Math.max(best, v[(int) ((o * n + i) * inner + in)]);
                }
                m[(int) (o * inner + in)] = Double.isInfinite(best) ? 0 : best;
            }
        }
        long[] kept = shape.clone();
        kept[a] = 1;
        long[] dropped = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                dropped[j++] = shape[i];
            }
        }
        try (Scope s = Scope.push("logsumexp")) {
            Tensor shift = Tensor.of(x.dtype(), m, kept).named("shift");               // x's shape, 1 at axis
            Tensor summed = sum(exp(sub(x, shift)), false, a);                           // x's shape without axis
            return add(log(summed), Tensor.of(x.dtype(), m, dropped).named("shift"));
        }
    }
}
