package org.seqlab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a half
 * file: the content goes to a hidden temporary file in the same folder, is forced to disk, then
 * renamed over the target with {@code ATOMIC_MOVE} (falling back to a plain replace where the file
 * system cannot move atomically). If anything fails, the temporary file is deleted and the target
 * is left as it was.
 */
public final class AtomicFile {

    /** Writes the whole content to {@code out}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /** {@link Files#move}, replaceable in tests by a file system that lacks atomic moves or fails. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to, CopyOption... options) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically; the target's folder must exist. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(target, out -> {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        });
    }

    /** Writes {@code content} to {@code target} atomically; the target's folder must exist. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, Files::move);
    }

    static void write(Path target, Content content, Mover files) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temp = createTemp(folder, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.writeTo(out);
                out.force(true);
            }
            replace(temp, absolute, files);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
        syncFolder(folder);
    }

    /** Renames over the target; where the file system cannot do that atomically, replaces it. */
    private static void replace(Path from, Path to, Mover files) throws IOException {
        try {
            files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A new hidden file beside the target, created with the default permissions (unlike
     * {@code Files.createTempFile}, whose owner-only permissions the target would inherit).
     */
    private static Path createTemp(Path folder, String name) throws IOException {
        String stem = name.length() > 100 ? name.substring(0, 100) : name;   // stay under NAME_MAX
        for (int attempt = 0; ; attempt++) {
            Path temp = folder.resolve("." + stem + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw e;
                }
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The write already failed and that failure is what the caller sees; a leftover hidden
            // .tmp file does not harm the target.
        }
    }

    /** Makes the rename itself durable where the platform allows syncing a folder (not on Windows). */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Best effort: the content is already on disk and in place.
        }
    }
}
