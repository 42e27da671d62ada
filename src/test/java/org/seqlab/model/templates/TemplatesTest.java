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
