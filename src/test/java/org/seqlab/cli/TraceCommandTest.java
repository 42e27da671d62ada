package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.io.safetensors.Safetensors;
import org.seqlab.model.templates.Template;
import org.seqlab.model.templates.Templates;

class TraceCommandTest {

    static Stream<String> templateNames() {
        return Templates.all().stream().map(Template::name);
    }

    @Test
    void templatesListsOneNamePerLineFirst() {
        CliRun r = CliRun.run("templates");
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(Templates.all().size());
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).startsWith(Templates.all().get(i).name() + " ");
        }
    }

    @ParameterizedTest
    @MethodSource("templateNames")
    void traceWorksOnEveryTemplateFromItsPrintedJson(String name, @TempDir Path dir) throws Exception {
        CliRun json = CliRun.run("templates", name);
        assertThat(json.exitCode()).isZero();
        Path model = dir.resolve(name + ".json");
        Files.writeString(model, json.out());
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("trace", "--model", model.toString(), "--input", "hello world", "--out", out.toString(),
                "--dtype", "float32");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Recorded").contains("backward");
        JsonNode trace = new ObjectMapper().readTree(Files.readString(out.resolve("trace.json")));
        assertThat(trace.get("events").size()).isGreaterThan(3);
        assertThat(trace.get("vocabulary").asText()).startsWith("default-char-");
        assertThat(Safetensors.read(out.resolve("tensors.safetensors")).tensors().keySet())
                .anyMatch(k -> k.startsWith("grad/"));
    }

    @Test
    void traceAcceptsIdsAndATemplateNameAndATarget(@TempDir Path dir) {
        CliRun r = CliRun.run("trace", "--model", "lstm-classifier", "--input", "5 6 7 8", "--target", "1", "--out",
                dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("on 4 tokens");
    }

    @Test
    void badInputGetsOneClearMessageAndExitStatus2(@TempDir Path dir) throws Exception {
        CliRun outOfRange = CliRun.run("trace", "--model", "char-lstm-lm", "--input", "5 600", "--out", dir.toString());
        assertThat(outOfRange.exitCode()).isEqualTo(2);
        assertThat(outOfRange.err()).contains("id 600 at position 1").contains("0..99").doesNotContain("\tat ");

        CliRun noTemplate = CliRun.run("trace", "--model", "char-lstm", "--input", "x", "--out", dir.toString());
        assertThat(noTemplate.exitCode()).isEqualTo(2);
        assertThat(noTemplate.err()).contains("no template 'char-lstm'").contains("char-lstm-lm");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"version\": 1, \"inputs\": [], \"blocks\": [{\"id\": \"x\", \"kind\": \"linear\","
                + " \"config\": {\"in\": 3}}], \"edges\": []}");
        CliRun badGraph = CliRun.run("trace", "--model", bad.toString(), "--input", "x", "--out", dir.toString());
        assertThat(badGraph.exitCode()).isEqualTo(2);
        assertThat(badGraph.err()).contains("Block 'x' (linear): input port 'in' is not connected");

        CliRun tooLong = CliRun.run("trace", "--model", "gpt-mini", "--input", "x".repeat(40), "--out", dir.toString());
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("Cannot run a sequence of 40 tokens").contains("32");

        CliRun target = CliRun.run("trace", "--model", "bilstm-crf-tagger", "--input", "abc", "--target", "0 1",
                "--out", dir.toString());
        assertThat(target.exitCode()).isEqualTo(2);
        assertThat(target.err()).contains("gives 2 tags but the input has 3 tokens");
    }
}
