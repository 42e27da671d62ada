package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.check.GradCheck;

/** Broadcasting over random shape pairs: values as NumPy defines them, gradients summed back correctly. */
class BroadcastingProperties {

    /** A pair of shapes that broadcast: the second is the first with some sizes set to 1 and leading dims dropped. */
    record ShapePair(long[] a, long[] b) {
        @Override
        public String toString() {
            return java.util.Arrays.toString(a) + " , " + java.util.Arrays.toString(b);
        }
    }

    @Provide
    Arbitrary<ShapePair> broadcastPairs() {
        Arbitrary<long[]> full = Arbitraries.longs().between(1, 3).array(long[].class).ofMinSize(0).ofMaxSize(3);
        return Combinators.combine(full, Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 3),
                Arbitraries.of(true, false)).as((s, ones, drop, swap) -> {
                    int keep = Math.max(0, s.length - Math.min(drop, s.length));
                    long[] t = java.util.Arrays.copyOfRange(s, s.length - keep, s.length);
                    for (int i = 0; i < t.length; i++) {
                        if (((ones >> i) & 1) == 1) {
                            t[i] = 1;
                        }
                    }
                    return swap ? new ShapePair(t, s) : new ShapePair(s, t);
                });
    }

    @Property(tries = 40)
    void broadcastGradientsMatchCentralDifferences(@ForAll("broadcastPairs") ShapePair p,
                                                   @ForAll("binaryOps") String op) {
        Tensor a = Tensor.uniform(DType.FLOAT64, 1, -2, 2, p.a()).requiresGrad(true);
        Tensor b = Tensor.uniform(DType.FLOAT64, 2, 0.5, 2, p.b()).requiresGrad(true);
        GradCheck.Result r = GradCheck.check(op + " " + p, x -> apply(op, x.get(0), x.get(1)), List.of(a, b));
        assertThat(r.maxRelError()).as(r.report()).isLessThan(1e-6);
    }

    @Property(tries = 40)
    void broadcastValuesEqualTheExplicitlyExpandedComputation(@ForAll("broadcastPairs") ShapePair p) {
        Tensor a = Tensor.uniform(DType.FLOAT64, 3, -2, 2, p.a());
        Tensor b = Tensor.uniform(DType.FLOAT64, 4, -2, 2, p.b());
        Tensor y = F.mul(a, b);
        long[] out = Nd.broadcastShape(p.a(), p.b());
        assertThat(y.shape().toArray()).containsExactly(out);
        double[] ea = Nd.expand(a.array(), out).dup('c').data().asDouble();
        double[] eb = Nd.expand(b.array(), out).dup('c').data().asDouble();
        double[] v = y.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            assertThat(v[i]).isEqualTo(ea[i] * eb[i]);
        }
    }

    @Provide
    Arbitrary<String> binaryOps() {
        return Arbitraries.of("add", "sub", "mul", "div", "where");
    }

    private static Tensor apply(String op, Tensor a, Tensor b) {
        switch (op) {
            case "add": return F.add(a, b);
            case "sub": return F.sub(a, b);
            case "mul": return F.mul(a, b);
            case "div": return F.div(a, b);
            default: return F.where(F.gt(a, Tensor.scalar(0.0)), a, b);
        }
    }
}
