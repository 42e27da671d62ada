package org.seqlab.io.safetensors;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.autograd.Tensor;

/**
 * Reads and writes safetensors files, the weight format PyTorch users share.
 *
 * <pre>{@code
 * SafetensorsFile f = Safetensors.read(path);            // every tensor, validated
 * Tensor w = f.tensor("encoder.weight_ih_l0");
 *
 * try (SafetensorsReader r = Safetensors.open(path)) {    // header now, tensors on demand
 *     Tensor b = r.tensor("encoder.bias_ih_l0");
 * }
 *
 * Safetensors.write(path, Map.of("encoder.weight_ih_l0", w), Map.of("format", "pt"));
 * }</pre>
 */
public final class Safetensors {
    /** The largest JSON header accepted or written, in bytes (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private Safetensors() {
    }

    /** Reads every tensor of {@code file}; refuses a malformed file with a {@link SafetensorsException}. */
    public static SafetensorsFile read(Path file) {
        try (SafetensorsReader r = open(file)) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : r.names()) {
                tensors.put(name, r.tensor(name));
            }
            return new SafetensorsFile(file, tensors, r.infos(), r.metadata());
        }
    }

    /**
     * Opens {@code file}, reads and validates its header, and returns a reader that loads tensors on
     * demand. Close it when done.
     */
    public static SafetensorsReader open(Path file) {
        return SafetensorsReader.open(file);
    }

    /**
     * Writes {@code tensors} (name to tensor) and {@code metadata} (may be null or empty) to
     * {@code file} atomically: float32 as F32, float64 as F64, int64 as I64.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafetensorsWriter.write(file, tensors, metadata, null);
    }

    /**
     * Like {@link #write(Path, Map, Map)}, but stores every float tensor as {@code floatsAs} (F32, F64,
     * F16 or BF16; narrowing rounds to nearest, ties to even). Int64 tensors stay I64.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata,
            SafetensorsDType floatsAs) {
        SafetensorsWriter.write(file, tensors, metadata, floatsAs);
    }
}
