package org.seqlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.debug.Recorder;
import org.seqlab.debug.Recording;
import org.seqlab.io.checkpoint.Checkpoint;
import org.seqlab.io.safetensors.Safetensors;
import org.seqlab.io.safetensors.SafetensorsFile;
import org.seqlab.io.trace.TraceExport;
import org.seqlab.model.TinyGraphs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

class CheckpointAndTraceTest {
    private static GraphModel model(long seed) {
        return GraphModel.compile(TinyGraphs.tinyLm(6).build(), BlockKinds.standard(), DType.FLOAT64, seed);
    }

    @Test
    void checkpointRoundTripRestoresGraphWeightsAndVocabulary(@TempDir Path dir) {
        GraphModel m = model(3);
        Vocabulary v = Vocabulary.withSpecials(List.of("a", "b", "c", "d", "e", "f", "g"));
        Path f = dir.resolve("m.safetensors");
        Checkpoint.save(f, m, v);
        SafetensorsFile raw = Safetensors.read(f);
        assertThat(raw.tensors().keySet()).as("a tied weight is stored once")
                .containsExactlyInAnyOrder("transformer.wte.weight", "proj.weight", "proj.bias");
        Checkpoint.Loaded back = Checkpoint.load(f, BlockKinds.standard(), DType.FLOAT64);
        assertThat(back.graph()).isEqualTo(m.graph());
        assertThat(back.vocabulary().tokens()).isEqualTo(v.tokens());
        assertThat(back.vocabulary().unkId()).isEqualTo(v.unkId());
        m.stateDict().forEach((name, t) ->
                assertThat(back.model().stateDict().get(name).toDoubleArray()).as(name).containsExactly(t.toDoubleArray()));
        assertThat(back.model().stateDict().get("lm_head.weight"))
                .isSameAs(back.model().stateDict().get("transformer.wte.weight"));
    }

    @Test
    void weightsThatDoNotFitAreRefusedNamingTheFileAndEveryMismatch(@TempDir Path dir) {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, Map.of("proj.weight", Tensor.zeros(DType.FLOAT32, 3, 6),
                "stray", Tensor.zeros(DType.FLOAT32, 2)), Map.of());
        assertThatThrownBy(() -> Checkpoint.loadWeights(model(1), f)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("'proj.weight' has shape (3,6) in the file but (6,6) in the model")
                .hasMessageContaining("missing 'proj.bias'")
                .hasMessageContaining("missing 'transformer.wte.weight'")
                .hasMessageContaining("unexpected 'stray'");
        assertThatThrownBy(() -> Checkpoint.load(f, BlockKinds.standard(), DType.FLOAT64))
                .hasMessageContaining("holds weights only");
    }

    @Test
    void traceExportWritesEventsStatisticsAndEveryTensor(@TempDir Path dir) throws Exception {
        GraphModel m = model(5);
        Recording rec = Recorder.record(m, Map.of("tokens",
                Flow.of(Tensor.indices(new long[] {1, 2, 3, 4}, 1, 4))), false);
        assertThat(rec.inputs()).as("the recording keeps the inputs made by default rules")
                .containsOnlyKeys("tokens", "targets");
        TraceExport.write(dir, rec.trace(), rec.loss(), rec.parameters(), Map.of("model", "tiny-lm"));
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("trace.json")));
        assertThat(json.get("format").asText()).isEqualTo("seqlab-trace");
        assertThat(json.get("loss").asDouble()).isEqualTo(rec.loss().item());
        assertThat(json.get("events")).hasSize(rec.trace().size());
        JsonNode first = json.get("events").get(0);
        assertThat(first.get("phase").asText()).isEqualTo("forward");
        assertThat(first.get("label").asText()).isEqualTo("transformer/wte");
        assertThat(first.get("value").get("shape")).hasSize(3);
        SafetensorsFile tensors = Safetensors.read(dir.resolve("tensors.safetensors"));
        assertThat(tensors.tensors()).containsKey(first.get("value_key").asText());
        assertThat(tensors.tensors()).containsKeys("proj.weight", "grad/proj.weight", "grad/transformer.wte.weight");
        assertThat(tensors.tensor("grad/proj.weight").toDoubleArray())
                .containsExactly(m.stateDict().get("proj.weight").grad().toDoubleArray());
        JsonNode lastEvent = json.get("events").get(rec.trace().size() - 1);
        assertThat(lastEvent.get("phase").asText()).isEqualTo("backward");
        assertThat(lastEvent.get("gradients")).isNotEmpty();
    }
}
