package org.seqlab.model.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.PortType;
import org.seqlab.model.templates.Templates;
import org.seqlab.nn.ModuleGradCheck;
import org.seqlab.nn.transformer.SequenceTooLongException;

class BlocksTest {
    private static final DType D = DType.FLOAT64;
    private static final Tensor MASK = Tensor.of(new double[] {1, 1, 1, 1, 1, 0}, 2, 3);

    @ParameterizedTest
    @ValueSource(strings = {"mean", "max", "first", "last"})
    void poolingPassesGradientCheckAndIgnoresPadding(String mode) {
        PoolBlock.Impl pool = new PoolBlock.Impl(mode, D);
        Tensor h = Tensor.uniform(D, 1, -1, 1, 2, 3, 4).requiresGrad(true);
        org.seqlab.autograd.check.GradCheck.Result r = org.seqlab.autograd.check.GradCheck.check("pool " + mode,
                in -> pool.forward(Map.of("in", new Flow(in.get(0), MASK))).get("out").value(), List.of(h));
        assertThat(r.maxRelError()).as(r.report()).isLessThan(1e-6);
        // The padded position (row 1, t=2) never changes the result.
        double[] a = h.toDoubleArray();
        double[] b = a.clone();
        for (int j = 0; j < 4; j++) {
            b[(1 * 3 + 2) * 4 + j] = 100;
        }
        double[] ya = pool.forward(Map.of("in", new Flow(Tensor.of(a, 2, 3, 4), MASK))).get("out").value().toDoubleArray();
        double[] yb = pool.forward(Map.of("in", new Flow(Tensor.of(b, 2, 3, 4), MASK))).get("out").value().toDoubleArray();
        assertThat(yb).containsExactly(ya);
    }

    @Test
    void meanPoolingAveragesRealPositionsOnly() {
        PoolBlock.Impl pool = new PoolBlock.Impl("mean", D);
        Tensor h = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3, 1);
        double[] y = pool.forward(Map.of("in", new Flow(h, MASK))).get("out").value().toDoubleArray();
        assertThat(y[0]).isCloseTo(2.0, within(1e-15));
        assertThat(y[1]).isCloseTo(4.5, within(1e-15));
    }

    @Test
    void clsTokenPassesGradientCheckAndGrowsTheMask() {
        ClsTokenBlock.Impl cls = new ClsTokenBlock.Impl(4, D, new SplittableRandom(1));
        Tensor h = Tensor.uniform(D, 2, -1, 1, 2, 3, 4).requiresGrad(true);
        ModuleGradCheck.assertPasses("cls token", cls, List.of(h),
                (m, in) -> ((ClsTokenBlock.Impl) m).forward(Map.of("in", new Flow(in.get(0), MASK))).get("out").value());
        Flow out = cls.forward(Map.of("in", new Flow(h, MASK))).get("out");
        assertThat(out.value().shape().toArray()).containsExactly(2, 4, 4);
        assertThat(out.mask().toDoubleArray()).containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
    }

    @Test
    void crossEntropyIgnoresTargetsAtPaddedPositions() {
        CrossEntropyBlock.Impl ce = new CrossEntropyBlock.Impl(-100, 0, D);
        Tensor logits = Tensor.uniform(D, 3, -1, 1, 2, 3, 5);
        Tensor targets = Tensor.indices(new long[] {1, 2, 3, 4, 0, 4}, 2, 3);
        double masked = ce.forward(Map.of("logits", new Flow(logits, MASK), "targets", Flow.of(targets)))
                .get("loss").value().item();
        double explicit = F.crossEntropy(logits, Tensor.indices(new long[] {1, 2, 3, 4, 0, -100}, 2, 3)).item();
        assertThat(masked).isEqualTo(explicit);
    }

    @Test
    void aSequenceLongerThanTheModelAllowsIsRefusedWithBothLengths() {
        GraphModel gpt = GraphModel.compile(Templates.get("gpt-mini").graph(), BlockKinds.standard(), D, 1);
        Tensor tokens = Tensor.indices(new long[40], 1, 40);
        assertThatThrownBy(() -> gpt.forward(Map.of("tokens", Flow.of(tokens))))
                .isInstanceOf(SequenceTooLongException.class)
                .hasMessageContaining("40 tokens").hasMessageContaining("32");
    }

    @Test
    void activationAndEmbeddingScaleBehaveAsDocumented() {
        GraphModel m = GraphModel.compile(GraphBuilder.named("x").input("tokens", PortType.tokens(6))
                .block("e", "embedding", "vocab", 6, "dim", 4, "scale", true)
                .block("a", "activation", "function", "tanh")
                .edge("input:tokens", "e.ids").edge("e.out", "a.in").output("y", "a.out").build(),
                BlockKinds.standard(), D, 3);
        Tensor ids = Tensor.indices(new long[] {2}, 1, 1);
        double[] row = m.stateDict().get("e.weight").toDoubleArray();
        double[] y = m.forward(Map.of("tokens", Flow.of(ids))).output("y").toDoubleArray();
        for (int j = 0; j < 4; j++) {
            assertThat(y[j]).isCloseTo(Math.tanh(row[2 * 4 + j] * 2.0), within(1e-12));
        }
    }
}
