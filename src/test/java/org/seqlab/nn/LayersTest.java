package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.ops.F;

class LayersTest {
    private static final DType D = DType.FLOAT64;

    private static Tensor input(long seed, long... shape) {
        return Tensor.uniform(D, seed, -1, 1, shape).requiresGrad(true);
    }

    @Test
    void linearUsesPyTorchNamesLayoutAndInitBound() {
        Linear fc = new Linear(16, 4, true, D, new SplittableRandom(1));
        Map<String, Tensor> p = fc.namedParameters();
        assertThat(p.keySet()).containsExactly("weight", "bias");
        assertThat(p.get("weight").shape().toArray()).containsExactly(4, 16);
        double bound = 1 / Math.sqrt(16);
        assertThat(java.util.Arrays.stream(p.get("weight").toDoubleArray()).allMatch(v -> Math.abs(v) <= bound)).isTrue();
        assertThat(java.util.Arrays.stream(p.get("bias").toDoubleArray()).allMatch(v -> Math.abs(v) <= bound)).isTrue();
    }

    @Test
    void linearPassesGradientCheckOn2dAnd3dInputs() {
        Linear fc = new Linear(5, 3, true, D, new SplittableRandom(2));
        ModuleGradCheck.assertPasses("linear (4,5)", fc, List.of(input(1, 4, 5)),
                (m, x) -> ((Linear) m).forward(x.get(0)));
        ModuleGradCheck.assertPasses("linear (2,3,5)", fc, List.of(input(2, 2, 3, 5)),
                (m, x) -> ((Linear) m).forward(x.get(0)));
        Linear noBias = new Linear(5, 3, false, D, new SplittableRandom(3));
        ModuleGradCheck.assertPasses("linear no bias", noBias, List.of(input(3, 2, 5)),
                (m, x) -> ((Linear) m).forward(x.get(0)));
    }

    @Test
    void embeddingPassesGradientCheckAndZeroesItsPaddingRow() {
        Embedding emb = new Embedding(6, 3, 0, D, new SplittableRandom(4));
        assertThat(emb.weight().get().toDoubleArray()).startsWith(0.0, 0.0, 0.0);
        ModuleGradCheck.assertPasses("embedding", emb, List.of(Tensor.indices(new long[] {1, 5, 5, 2}, 2, 2)),
                (m, x) -> ((Embedding) m).forward(x.get(0)));
    }

    @Test
    void layerNormAndFeedForwardPassGradientCheck() {
        LayerNorm ln = new LayerNorm(6, D);
        ln.loadStateDict(Map.of("weight", Tensor.uniform(D, 5, 0.5, 1.5, 6), "bias", Tensor.uniform(D, 6, -1, 1, 6)));
        ModuleGradCheck.assertPasses("layer norm", ln, List.of(input(7, 2, 3, 6)),
                (m, x) -> ((LayerNorm) m).forward(x.get(0)));
        for (FeedForward.Activation a : FeedForward.Activation.values()) {
            FeedForward ff = new FeedForward(4, 8, a, 0.0, D, new SplittableRandom(8));
            ModuleGradCheck.assertPasses("feed-forward " + a, ff, List.of(input(9, 2, 3, 4)),
                    (m, x) -> ((FeedForward) m).forward(x.get(0)));
        }
    }

    @Test
    void stateDictNamesNestedModulesLikePyTorch() {
        FeedForward ff = new FeedForward(4, 8, FeedForward.Activation.RELU, 0.1, D, new SplittableRandom(8));
        assertThat(ff.namedParameters().keySet())
                .containsExactly("linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias");
        assertThat(ff.parameterCount()).isEqualTo(4 * 8 + 8 + 8 * 4 + 4);
    }

    @Test
    void loadingMismatchedWeightsNamesEveryProblemAndChangesNothing() {
        Linear fc = new Linear(3, 2, true, D, new SplittableRandom(1));
        double[] before = fc.weight().get().toDoubleArray();
        assertThatThrownBy(() -> fc.loadStateDict(Map.of(
                "weight", Tensor.zeros(D, 3, 2),
                "extra", Tensor.zeros(D, 1))))
                .isInstanceOfSatisfying(WeightsMismatchException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("'weight' has shape (3,2) in the file but (2,3) in the model")
                .hasMessageContaining("missing 'bias' (2)")
                .hasMessageContaining("unexpected 'extra'");
        assertThat(fc.weight().get().toDoubleArray()).containsExactly(before);
    }

    @Test
    void loadStateDictCastsToTheModuleDtype() {
        Linear fc = new Linear(2, 1, true, DType.FLOAT32, new SplittableRandom(1));
        fc.loadStateDict(Map.of("weight", Tensor.of(new double[] {0.5, -2}, 1, 2), "bias", Tensor.of(new double[] {1}, 1)));
        assertThat(fc.weight().get().dtype()).isEqualTo(DType.FLOAT32);
        Tensor y = fc.forward(Tensor.ofFloats(new float[] {2, 1}, 1, 2));
        assertThat(y.item()).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void moduleOpsAreLabelledByTheirPlaceInTheModel() {
        FeedForward ff = new FeedForward(4, 8, FeedForward.Activation.GELU, 0.0, D, new SplittableRandom(8));
        ff.labelled("mlp");
        try (Tape tape = Tape.open()) {
            Tensor loss = F.sum(ff.forward(input(1, 2, 4)));
            tape.backward(loss);
            List<String> labels = tape.trace().events().stream().map(TraceEvent::label).distinct().toList();
            assertThat(labels).contains("mlp/linear1", "mlp/gelu", "mlp/linear2");
        }
        assertThat(ff.namedParameters().get("linear1.weight").grad()).isNotNull();
    }

    @Test
    void dropoutIsTheIdentityInEvalModeAndReproducibleAfterReseed() {
        Dropout d = new Dropout(0.5, 3, D);
        Tensor x = Tensor.ones(D, 100);
        double[] a = d.forward(x).toDoubleArray();
        double[] b = d.forward(x).toDoubleArray();
        assertThat(a).isNotEqualTo(b);
        d.reseed(3);
        assertThat(d.forward(x).toDoubleArray()).containsExactly(a);
        d.eval();
        assertThat(d.forward(x)).isSameAs(x);
    }
}
