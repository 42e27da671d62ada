package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;
import org.seqlab.autograd.Workers;

/**
 * The float32 passes whose chunks or rows two threads share (GELU, layer norm, the Adam update): on two threads
 * the values of one, exactly where each value is its own (GELU, the update, layer norm's output and dx), and to
 * float32 rounding where runs' sums are added (layer norm's weight and bias gradients).
 */
class SharedPassesTest {

    @AfterEach
    void oneThread() {
        Workers.setWays(1);
    }

    /** GELU and layer norm: y, then dx, dw, db, on {@code ways} threads. */
    private static List<double[]> pass(int ways) {
        Tensor.zeros(DType.FLOAT32, 1);         // the backend starts (and sets its threads) before the test's
        Workers.setWays(ways);
        long shared = Workers.sharedCount();
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -3, 3, 40, 520).requiresGrad(true);
        Tensor w = Tensor.uniform(DType.FLOAT32, 2, 0.5, 1.5, 520).requiresGrad(true);
        Tensor b = Tensor.uniform(DType.FLOAT32, 3, -1, 1, 520).requiresGrad(true);
        Tensor r = Tensor.uniform(DType.FLOAT32, 4, -1, 1, 40, 520);
        List<double[]> out = new ArrayList<>();
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            Tensor g = gelu(x);
            Tensor y = layerNorm(g, w, b, 1e-5);
            out.add(g.toDoubleArray());
            out.add(y.toDoubleArray());
            tape.backward(sum(mul(y, r)));
        }
        out.add(x.grad().toDoubleArray());
        out.add(w.grad().toDoubleArray());
        out.add(b.grad().toDoubleArray());
        if (ways > 1) {
            assertThat(Workers.sharedCount()).as("passes shared").isGreaterThan(shared);
        }
        return out;
    }

    @Test
    void twoThreadsGiveTheOneThreadGeluAndLayerNorm() {
        List<double[]> one = pass(1);
        List<double[]> two = pass(2);
        for (int k = 0; k < one.size(); k++) {
            double[] e = one.get(k);
            double[] a = two.get(k);
            for (int i = 0; i < e.length; i++) {
                if (k < 3) {
                    assertThat(a[i]).as("part %d [%d]", k, i).isEqualTo(e[i]);
                } else {
                    assertThat(a[i]).as("part %d [%d]", k, i).isCloseTo(e[i], within(1e-5 * Math.max(1, Math.abs(e[i]))));
                }
            }
        }
    }

    @Test
    void twoThreadsGiveTheOneThreadAdamUpdate() {
        double[][] after = new double[2][];
        for (int ways = 1; ways <= 2; ways++) {
            Tensor.zeros(DType.FLOAT32, 1);
            Workers.setWays(ways);
            Tensor p = Tensor.uniform(DType.FLOAT32, 5, -1, 1, 30_000).requiresGrad(true);
            Tensor m = Tensor.zeros(DType.FLOAT32, 30_000);
            Tensor v = Tensor.zeros(DType.FLOAT32, 30_000);
            try (Tape tape = Tape.open(TapeOptions.untraced())) {
                tape.backward(sum(mul(mul(p, p), Tensor.uniform(DType.FLOAT32, 6, -1, 1, 30_000))));
            }
            Updates.adam(p, m, v, 1e-2, 0.9, 0.999, 1e-8, 1, 0.01, true);
            Updates.adam(p, m, v, 1e-2, 0.9, 0.999, 1e-8, 2, 0.01, true);
            after[ways - 1] = p.toDoubleArray();
        }
        assertThat(after[1]).containsExactly(after[0]);
    }
}
