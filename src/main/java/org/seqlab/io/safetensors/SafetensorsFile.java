package org.seqlab.io.safetensors;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.autograd.Tensor;

/**
 * A safetensors file read whole: its tensors in file order, its metadata, and the dtype each
 * tensor was stored as (an F16 tensor loads as float32; {@link #storedDType} still says F16).
 */
public final class SafetensorsFile {
    private final Path file;
    private final Map<String, Tensor> tensors;
    private final Map<String, TensorInfo> infos;
    private final Map<String, String> metadata;

    SafetensorsFile(Path file, Map<String, Tensor> tensors, List<TensorInfo> infos, Map<String, String> metadata) {
        this.file = file;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : infos) {
            byName.put(t.name(), t);
        }
        this.infos = Collections.unmodifiableMap(byName);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Path file() {
        return file;
    }

    /** Name to tensor, in file order (by byte offset); unmodifiable. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}, or an error that lists the names the file has. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw Refusals.noSuchTensor(file, name, tensors.keySet());
        }
        return t;
    }

    /** The dtype {@code name} was stored as in the file. */
    public SafetensorsDType storedDType(String name) {
        return info(name).dtype();
    }

    /** The header entry of {@code name} (stored dtype, shape, byte range). */
    public TensorInfo info(String name) {
        TensorInfo t = infos.get(name);
        if (t == null) {
            tensor(name);                               // throws the message that lists the names
        }
        return t;
    }

    /** The {@code __metadata__} map (empty when the file has none); unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }
}
