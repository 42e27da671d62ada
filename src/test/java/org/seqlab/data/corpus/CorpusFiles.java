package org.seqlab.data.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test corpus files byte-exact (BOM and CRLF are written as given). */
final class CorpusFiles {
    private CorpusFiles() {
    }

    static Path write(Path dir, String name, String content) {
        return writeBytes(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
