package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jazzer fuzz test of the reader. Plain {@code mvn test} runs it in regression mode: it replays every
 * file under {@code src/test/resources/org/seqlab/io/safetensors/SafetensorsFuzzTestInputs/} (seeds
 * from {@link Seeds}, and any input a fuzzing run found). To fuzz for real, with coverage guidance:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SafetensorsFuzzTest}; add each input it reports to that folder.
 */
class SafetensorsFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("safetensors-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theCommittedSeedCorpusIsWhatSeedsGenerates() throws IOException {
        for (Map.Entry<String, byte[]> seed : Seeds.files().entrySet()) {
            assertThat(Seeds.CORPUS.resolve(seed.getKey())).as("regenerate with Seeds.main")
                    .hasBinaryContent(seed.getValue());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreReadOrRefusedWithSafetensorsException(byte[] data) throws IOException {
        Path f = DIR.resolve("input.safetensors");
        Files.write(f, data);
        try {
            Safetensors.read(f);
        } catch (SafetensorsException refused) {
            if (!refused.getMessage().contains(f.toString())) {
                throw new AssertionError("message does not name the file: " + refused.getMessage());
            }
        }
    }
}
