package org.seqlab.model.graph;

import org.seqlab.autograd.Tensor;

/**
 * What travels along an edge when a compiled graph runs: the tensor, and for sequences and memories
 * the padding mask (B, T) — 1 for real positions, 0 for padding — or null when nothing is padded.
 */
public record Flow(Tensor value, Tensor mask) {
    public static Flow of(Tensor value) {
        return new Flow(value, null);
    }

    public Flow withValue(Tensor v) {
        return new Flow(v, mask);
    }
}
