package org.seqlab.io.safetensors;

import org.seqlab.autograd.Shape;

/**
 * One validated header entry: a tensor's name, stored dtype, shape, and its byte range
 * {@code [begin, end)} relative to the start of the byte buffer (the spec's {@code data_offsets}).
 */
public record TensorInfo(String name, SafetensorsDType dtype, Shape shape, long begin, long end) {

    /** Number of elements (validated against overflow when the header was read). */
    public long numel() {
        return shape.numel();
    }

    /** Length of the byte range: {@code numel() * dtype().byteSize()}. */
    public long byteLength() {
        return end - begin;
    }
}
