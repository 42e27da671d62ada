package org.seqlab.io.safetensors;

import java.nio.file.Path;
import java.util.Optional;
import org.seqlab.SeqLabException;

/**
 * A safetensors file that cannot be read or written. The message names the file, the tensor (where
 * one is concerned), what was expected and what was found, and the fix where there is one;
 * {@link #problem()} says which rule failed, for callers that react to it or localize it.
 */
public final class SafetensorsException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    /** The rule a file broke, or the step that failed. */
    public enum Problem {
        /** The file could not be opened, read or written (I/O error, missing file, no permission). */
        IO,
        /** Shorter than the 8-byte header length. */
        TRUNCATED,
        /** The header length is above {@link Safetensors#MAX_HEADER_BYTES}. */
        HEADER_TOO_LARGE,
        /** The header length points past the end of the file. */
        HEADER_BEYOND_FILE,
        /** The header bytes are not valid UTF-8. */
        HEADER_NOT_UTF8,
        /** The header is not a single valid JSON object (also: empty, or not starting with '{'). */
        HEADER_NOT_JSON,
        /** A tensor entry is not an object or lacks {@code dtype}, {@code shape} or {@code data_offsets}. */
        BAD_ENTRY,
        /** A dtype the spec does not define, or one SeqLab does not read. */
        BAD_DTYPE,
        /** A shape that is not an array of integers >= 0. */
        BAD_SHAPE,
        /** {@code data_offsets} that are not two ordered integers >= 0. */
        BAD_OFFSETS,
        /** {@code data_offsets} reaching past the end of the byte buffer. */
        OFFSETS_OUTSIDE_BUFFER,
        /** Two tensors sharing bytes. */
        OVERLAP,
        /** Bytes of the buffer that no tensor covers (the spec requires full coverage). */
        HOLE,
        /** A byte range whose length is not the shape's element count times the dtype's size. */
        SIZE_MISMATCH,
        /** A shape whose element count or byte size overflows 64 bits. */
        SIZE_OVERFLOW,
        /** The same tensor name twice. */
        DUPLICATE_NAME,
        /** {@code __metadata__} that is not an object of strings. */
        BAD_METADATA,
        /** A valid tensor that SeqLab cannot hold (too many elements for one array, a U64 >= 2^63, a BOOL not 0/1). */
        UNREPRESENTABLE,
        /** A tensor name that is not in the file. */
        NO_SUCH_TENSOR,
        /** Writing was asked for something the format cannot store (a reserved name, invalid text). */
        CANNOT_WRITE
    }

    private final Problem problem;
    private final Path file;
    private final String tensor;

    SafetensorsException(Problem problem, Path file, String tensor, String message) {
        super(message);
        this.problem = problem;
        this.file = file;
        this.tensor = tensor;
    }

    SafetensorsException(Problem problem, Path file, String tensor, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.file = file;
        this.tensor = tensor;
    }

    public Problem problem() {
        return problem;
    }

    /** The file being read or written. */
    public Path file() {
        return file;
    }

    /** The tensor concerned, if the problem is one tensor's. */
    public Optional<String> tensor() {
        return Optional.ofNullable(tensor);
    }
}
