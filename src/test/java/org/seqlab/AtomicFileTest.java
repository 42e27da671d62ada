package org.seqlab;

import org.seqlab.io.safetensors.Safetensors;
import org.seqlab.io.safetensors.SafetensorsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.autograd.Tensor;

class AtomicFileTest {
    @TempDir
    Path dir;

    private static AtomicFile.Content text(String s) {
        return out -> out.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> folderContents() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    void aFailureMidWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("weights.safetensors"), "old content");
        IOException diskFull = new IOException("No space left on device");

        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
            out.write(ByteBuffer.wrap("half of the new con".getBytes(StandardCharsets.UTF_8)));
            throw diskFull;
        })).isSameAs(diskFull);

        assertThat(target).hasContent("old content");
        assertThat(folderContents()).containsExactly("weights.safetensors");
    }

    @Test
    void aRuntimeFailureMidWriteAlsoLeavesTheOldFileIntact() throws IOException {
        Path target = Files.writeString(dir.resolve("weights.safetensors"), "old content");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
            out.write(ByteBuffer.wrap(new byte[1000]));
            throw new IllegalStateException("a bug in the content");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(target).hasContent("old content");
        assertThat(folderContents()).containsExactly("weights.safetensors");
    }

    @Test
    void aFailedRenameLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("weights.safetensors"), "old content");
        IOException refused = new IOException("rename refused");
        assertThatThrownBy(() -> AtomicFile.write(target, text("new content"), (from, to, options) -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(target).hasContent("old content");
        assertThat(folderContents()).containsExactly("weights.safetensors");
    }

    @Test
    void whereAtomicMoveIsUnsupportedTheFileIsReplacedPlainly() throws IOException {
        Path target = Files.writeString(dir.resolve("weights.safetensors"), "old content");
        List<String> moves = new ArrayList<>();
        AtomicFile.Mover noAtomicMoves = (from, to, options) -> {
            moves.add(Arrays.toString(options));
            if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "not on this file system");
            }
            Files.move(from, to, options);
        };
        AtomicFile.write(target, text("new content"), noAtomicMoves);
        assertThat(moves).containsExactly("[ATOMIC_MOVE, REPLACE_EXISTING]", "[REPLACE_EXISTING]");
        assertThat(target).hasContent("new content");
        assertThat(folderContents()).containsExactly("weights.safetensors");
    }

    @Test
    void theNewFileReplacesTheOldOneWhole() throws IOException {
        Path target = Files.writeString(dir.resolve("weights.safetensors"), "a much longer old content than the new");
        AtomicFile.write(target, text("new"));
        assertThat(target).hasContent("new");
        assertThat(folderContents()).containsExactly("weights.safetensors");
    }

    @Test
    void theNewFileGetsTheFoldersDefaultPermissionsNotOwnerOnly() throws IOException {
        Path target = dir.resolve("weights.safetensors");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");          // made with the default umask
        AtomicFile.write(target, text("x"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(expected);
        }
    }

    @Test
    void safetensorsWriteThatCannotReplaceItsTargetLeavesTheTargetAndNoTemporaryFile() throws IOException {
        // A folder in the way: the content is written in full, then the rename onto the target fails.
        Path target = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(target.resolve("keep.txt"), "kept");
        assertThatThrownBy(() -> Safetensors.write(target, Map.of("w", Tensor.ofFloats(new float[] {3}, 1)), null))
                .isInstanceOfSatisfying(SafetensorsException.class, e -> assertThat(e.problem())
                        .isEqualTo(SafetensorsException.Problem.IO))
                .hasMessageContaining(target.toString())
                .hasMessageContaining("the previous file, if any, is unchanged");
        assertThat(target.resolve("keep.txt")).hasContent("kept");
        assertThat(folderContents()).containsExactly("model.safetensors");
    }
}
