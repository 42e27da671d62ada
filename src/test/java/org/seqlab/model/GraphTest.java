package org.seqlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.GraphBuilder;
import org.seqlab.model.graph.GraphException;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortType;
import org.seqlab.model.graph.ShapeInference;
import org.seqlab.model.spec.GraphJson;
import org.seqlab.model.spec.SpecException;

class GraphTest {

    private static GraphBuilder tinyLm(long projIn) {
        return TinyGraphs.tinyLm(projIn);
    }

    @Test
    void shapeInferenceTypesEveryPortInDependencyOrder() {
        ShapeInference.Result r = ShapeInference.infer(tinyLm(6).build(), BlockKinds.standard());
        assertThat(r.order()).containsExactly("transformer.wte", "proj", "lm_head", "loss");
        assertThat(r.portTypes().get("proj.out")).isEqualTo(PortType.sequence(6));
        assertThat(r.portTypes().get("lm_head.out")).isEqualTo(PortType.sequence(11));
    }

    @Test
    void theFirstBadEdgeIsReportedWithBothShapesAndTheFix() {
        assertThatThrownBy(() -> ShapeInference.infer(tinyLm(8).build(), BlockKinds.standard()))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("Edge transformer.wte.out -> proj.in")
                .hasMessageContaining("gives sequence (B,T,6)")
                .hasMessageContaining("expects sequence (B,T,8)")
                .hasMessageContaining("set in of 'proj' to 6");
    }

    @Test
    void unknownKindsMissingPortsAndCyclesAreExplained() {
        ModelGraph unknown = GraphBuilder.named("x").input("tokens", PortType.tokens(5))
                .block("e", "embeding", "vocab", 5, "dim", 2).build();
        assertThatThrownBy(() -> ShapeInference.infer(unknown, BlockKinds.standard()))
                .hasMessageContaining("unknown kind 'embeding'").hasMessageContaining("embedding");
        ModelGraph unconnected = GraphBuilder.named("x").input("tokens", PortType.tokens(5))
                .block("e", "embedding", "vocab", 5, "dim", 2).build();
        assertThatThrownBy(() -> ShapeInference.infer(unconnected, BlockKinds.standard()))
                .hasMessageContaining("input port 'ids' is not connected");
        ModelGraph cycle = GraphBuilder.named("x")
                .block("a", "linear", "in", 2, "out", 2).block("b", "linear", "in", 2, "out", 2)
                .edge("a.out", "b.in").edge("b.out", "a.in").build();
        assertThatThrownBy(() -> ShapeInference.infer(cycle, BlockKinds.standard()))
                .hasMessageContaining("cycle");
        ModelGraph typo = GraphBuilder.named("x").input("tokens", PortType.tokens(5))
                .block("e", "embedding", "vocab", 5, "dimm", 2).edge("input:tokens", "e.ids").build();
        assertThatThrownBy(() -> ShapeInference.infer(typo, BlockKinds.standard()))
                .hasMessageContaining("unknown setting 'dimm'");
        ModelGraph wrongKind = GraphBuilder.named("x").input("tokens", PortType.tokens(5))
                .block("p", "pool").edge("input:tokens", "p.in").build();
        assertThatThrownBy(() -> ShapeInference.infer(wrongKind, BlockKinds.standard()))
                .hasMessageContaining("gives token ids (B,T) over 5 tokens but p.in expects sequence (B,T,d)");
    }

    @Test
    void compiledGraphRunsForwardAndBackwardWithTiedWeightsAndLabels() {
        GraphModel m = GraphModel.compile(tinyLm(6).build(), BlockKinds.standard(), DType.FLOAT64, 7);
        assertThat(m.stateDict().keySet()).containsExactly("transformer.wte.weight", "proj.weight", "proj.bias",
                "lm_head.weight");
        assertThat(m.stateDict().get("lm_head.weight")).isSameAs(m.stateDict().get("transformer.wte.weight"));
        assertThat(m.parameters()).hasSize(3);
        Tensor tokens = Tensor.indices(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        try (Tape tape = Tape.open()) {
            GraphModel.Run run = m.forward(Map.of("tokens", Flow.of(tokens)));
            assertThat(run.output("logits").shape().toArray()).containsExactly(2, 4, 11);
            tape.backward(run.loss());
            assertThat(tape.trace().events()).extracting(TraceEvent::label)
                    .contains("transformer/wte", "proj", "lm_head", "loss");
        }
        assertThat(m.stateDict().get("transformer.wte.weight").grad()).isNotNull();
    }

    @Test
    void missingAndMalformedInputsAreRefusedClearly() {
        GraphModel m = GraphModel.compile(tinyLm(6).build(), BlockKinds.standard(), DType.FLOAT64, 7);
        assertThatThrownBy(() -> m.forward(Map.of())).hasMessageContaining("needs input 'tokens'");
        assertThatThrownBy(() -> m.forward(Map.of("tokens", Flow.of(Tensor.zeros(DType.FLOAT32, 2, 3)))))
                .hasMessageContaining("Input 'tokens' must be token ids (B,T) over 11 tokens as int64 ids")
                .hasMessageContaining("float32");
        assertThatThrownBy(() -> m.forward(Map.of("tokns", Flow.of(Tensor.indices(new long[] {1}, 1, 1)))))
                .hasMessageContaining("no input 'tokns'");
    }

    @Test
    void jsonRoundTripKeepsTheGraph(@TempDir Path dir) {
        ModelGraph g = tinyLm(6).build();
        Path f = dir.resolve("m.json");
        GraphJson.write(f, g);
        ModelGraph back = GraphJson.read(f);
        assertThat(GraphJson.toJson(back)).isEqualTo(GraphJson.toJson(g));
        assertThat(back).isEqualTo(g);
    }

    @Test
    void jsonErrorsNameTheFileThePathAndTheFix(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"version\": 7, \"inputs\": [], \"blocks\": [], \"edges\": []}");
        assertThatThrownBy(() -> GraphJson.read(f)).isInstanceOf(SpecException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("$.version is 7")
                .hasMessageContaining("version 1");
        Files.writeString(f, "{\"version\": 1, \"inputs\": [], \"blocks\": [{\"id\": \"a\"}], \"edges\": []}");
        assertThatThrownBy(() -> GraphJson.read(f)).hasMessageContaining("$.blocks[0].kind must be a non-empty string");
        Files.writeString(f, "{\"version\": 1,\n \"inputs\": [,]}");
        assertThatThrownBy(() -> GraphJson.read(f)).hasMessageContaining("not valid JSON (line 2");
        Files.writeString(f, "\uFEFF" + GraphJson.toJson(tinyLm(6).build()).replace("\n", "\r\n"));
        assertThat(GraphJson.read(f).name()).isEqualTo("tiny-lm");
        assertThatThrownBy(() -> GraphJson.read(dir.resolve("none.json"))).hasMessageContaining("does not exist");
    }
}
