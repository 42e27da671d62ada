package org.seqlab.model.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphInputs;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.InputSpec;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.spec.GraphJson;

class TemplatesTest {

    static Stream<Template> templates() {
        return Templates.all().stream();
    }

    /** Token inputs (those without a default) filled with small ids, batch 2 of length 5, the second padded. */
    static Map<String, Flow> sampleInputs(ModelGraph g) {
        Map<String, Flow> in = new java.util.LinkedHashMap<>();
        for (InputSpec i : g.inputs()) {
            if (i.type().kind() == PortKind.TOKENS && i.defaultRule() == null) {
                long v = i.type().dim();
                long[] ids = new long[10];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = 4 + (k * 7L) % (v - 4);
                }
                Tensor mask = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, 2, 5);
                in.put(i.name(), new Flow(Tensor.indices(ids, 2, 5), mask));
            }
        }
        return in;
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyTemplateChecksCompilesAndRunsForwardAndBackward(Template t) {
        ModelGraph g = t.graph();
        GraphModel m = GraphModel.compile(g, BlockKinds.standard(), DType.FLOAT32, 1);
        assertThat(m.parameterCount()).isPositive();
        try (Tape tape = Tape.open()) {
            GraphModel.Run run = m.forward(sampleInputs(g));
            Tensor loss = run.loss();
            assertThat(loss).as("%s declares a loss", t.name()).isNotNull();
            assertThat(Double.isFinite(loss.item())).as("%s loss %s", t.name(), loss.item()).isTrue();
            tape.backward(loss);
            assertThat(tape.trace().phase(Phase.BACKWARD)).isNotEmpty();
        }
        m.namedParameters().forEach((name, p) ->
                assertThat(p.grad()).as("%s: gradient of %s", t.name(), name).isNotNull());
    }

    /** dL/dθ of every parameter, from a pass on a tape with these options, dropout off. */
    private static Map<String, double[]> gradients(Template t, DType type, org.seqlab.autograd.TapeOptions options) {
        ModelGraph g = t.graph();
        GraphModel m = GraphModel.compile(g, BlockKinds.standard(), type, 5);
        m.train(false);
        try (Tape tape = Tape.open(options)) {
            tape.backward(m.forward(sampleInputs(g)).loss());
        }
        Map<String, double[]> out = new java.util.TreeMap<>();
        m.namedParameters().forEach((name, p) -> out.put(name, p.grad().toDoubleArray()));
        return out;
    }

    @ParameterizedTest
    @MethodSource("templates")
    void theUntracedTrainingPathGivesTheGradientsOfTheTracedPass(Template t) {
        // training's tape sums gradients in place and adds slices' gradients into one buffer; the debugger's
        // traced tape keeps every gradient apart: the two must agree
        for (DType type : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Map<String, double[]> traced = gradients(t, type, org.seqlab.autograd.TapeOptions.traced());
            Map<String, double[]> fast = gradients(t, type, org.seqlab.autograd.TapeOptions.untraced());
            assertAgree(t, type, traced, fast);
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void theUntracedPathOnTwoThreadsGivesTheGradientsOfTheTracedPassOnOne(Template t) {
        // two threads cut every product (the test models' are small: the threshold goes to zero) between the
        // caller and a helper; the gradients must be the one-thread traced pass's
        for (DType type : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Map<String, double[]> traced = gradients(t, type, org.seqlab.autograd.TapeOptions.traced());
            Map<String, double[]> fast;
            org.seqlab.autograd.Workers.setWays(2);
            org.seqlab.autograd.Gemm.setMinSplitFlops(0);
            long shared = org.seqlab.autograd.Workers.sharedCount();
            try {
                fast = gradients(t, type, org.seqlab.autograd.TapeOptions.untraced());
                assertThat(org.seqlab.autograd.Workers.sharedCount()).as("products cut in %s", t.name())
                        .isGreaterThan(shared);
            } finally {
                org.seqlab.autograd.Workers.setWays(1);
                org.seqlab.autograd.Gemm.setMinSplitFlops(org.seqlab.autograd.Gemm.MIN_SPLIT_FLOPS);
            }
            assertAgree(t, type, traced, fast);
        }
    }

    private static void assertAgree(Template t, DType type, Map<String, double[]> traced,
            Map<String, double[]> fast) {
        assertThat(fast.keySet()).isEqualTo(traced.keySet());
        double tolerance = type == DType.FLOAT64 ? 1e-12 : 1e-5;
        traced.forEach((name, expected) -> {
            double[] actual = fast.get(name);
            assertThat(actual).as("%s %s: %s", t.name(), type, name).hasSameSizeAs(expected);
            for (int i = 0; i < expected.length; i++) {
                double scale = Math.max(1.0, Math.abs(expected[i]));
                assertThat(Math.abs(actual[i] - expected[i]) / scale)
                        .as("%s %s: %s[%d] traced %s untraced %s", t.name(), type, name, i, expected[i], actual[i])
                        .isLessThanOrEqualTo(tolerance);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyTemplateSurvivesAJsonRoundTrip(Template t) {
        ModelGraph g = t.graph();
        assertThat(GraphJson.parse(GraphJson.toJson(g), t.name())).isEqualTo(g);
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyTemplateNameIsUniqueAndDescribed(Template t) {
        assertThat(Templates.all().stream().filter(o -> o.name().equals(t.name()))).hasSize(1);
        assertThat(t.summary()).isNotBlank();
        assertThat(t.graph().name()).isEqualTo(t.name());
    }

    @org.junit.jupiter.api.Test
    void languageModelTargetsAreTheNextTokensWithTheLastIgnored() {
        Tensor targets = GraphInputs.complete(Templates.get("char-lstm-lm").graph(),
                Map.of("tokens", Flow.of(Tensor.indices(new long[] {5, 6, 7}, 1, 3)))).get("targets").value();
        assertThat(targets.toLongArray()).containsExactly(6, 7, GraphInputs.IGNORE);
    }
}
