package org.seqlab.model.graph;

/** What flows along an edge of a model graph. */
public enum PortKind {
    /** int64 token ids (B, T); {@code dim} is the vocabulary size. */
    TOKENS("token ids (B,T)"),
    /** A sequence of vectors (B, T, dim), with its padding mask. */
    SEQUENCE("sequence (B,T,d)"),
    /** One vector per example (B, dim). */
    VECTOR("vector (B,d)"),
    /** An encoder's output for attention to read (B, S, dim), with its padding mask. */
    MEMORY("attention memory (B,S,d)"),
    /** int64 tag ids (B, T); {@code dim} is the number of tags. */
    TAGS("tags (B,T)"),
    /** int64 class ids, one per example (B); {@code dim} is the number of classes. */
    LABELS("class labels (B)"),
    /** A scalar loss; {@code dim} is 1. */
    LOSS("loss ()");

    private final String display;

    PortKind(String display) {
        this.display = display;
    }

    /** How users read it in messages: {@code sequence (B,T,d)}. */
    public String display() {
        return display;
    }
}
