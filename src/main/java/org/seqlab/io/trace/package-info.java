/**
 * Export of a recorded pass: {@code trace.json} (events and statistics) and {@code tensors.safetensors}
 * (every event's value, every parameter and its gradient). See {@link org.seqlab.io.trace.TraceExport}.
 *
 * <p>May depend on {@code io.safetensors} and {@code autograd}.
 */
package org.seqlab.io.trace;
