/**
 * The safetensors weight format (github.com/huggingface/safetensors), read and written to the spec:
 * an 8-byte little-endian header length, a UTF-8 JSON header (tensor name to dtype, shape and
 * {@code data_offsets}, plus an optional {@code __metadata__} map of strings), then the byte buffer.
 *
 * <p>{@link org.seqlab.io.safetensors.Safetensors} is the entry point: {@code read} loads every tensor,
 * {@code open} gives a {@link org.seqlab.io.safetensors.SafetensorsReader} that loads tensors one at a
 * time, {@code write} writes a file atomically (through {@link org.seqlab.AtomicFile})
 * in the layout the reference implementation writes. Every header field is validated before any
 * allocation that depends on it, and a malformed file is refused with a
 * {@link org.seqlab.io.safetensors.SafetensorsException} that names the file, the tensor and the
 * problem.
 *
 * <p>May depend on {@code org.seqlab.autograd} ({@code Tensor}, {@code DType}, {@code Shape}), the
 * root package ({@link org.seqlab.SeqLabException}), the JDK and Jackson's streaming parser. Not on
 * ND4J (values reach tensors through {@code Tensor}'s factories), not on any UI, and it never prints.
 */
package org.seqlab.io.safetensors;
