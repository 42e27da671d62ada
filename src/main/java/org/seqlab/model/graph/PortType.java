package org.seqlab.model.graph;

/**
 * A typed port: its kind and its size ({@code d}, the vocabulary or the tag count).
 *
 * @param kind what flows
 * @param dim the feature size, vocabulary size or tag count
 */
public record PortType(PortKind kind, long dim) {
    public PortType {
        if (dim <= 0) {
            throw new IllegalArgumentException("a port's size must be positive; found " + dim);
        }
    }

    public static PortType tokens(long vocab) {
        return new PortType(PortKind.TOKENS, vocab);
    }

    public static PortType sequence(long d) {
        return new PortType(PortKind.SEQUENCE, d);
    }

    public static PortType vector(long d) {
        return new PortType(PortKind.VECTOR, d);
    }

    public static PortType memory(long d) {
        return new PortType(PortKind.MEMORY, d);
    }

    public static PortType tags(long count) {
        return new PortType(PortKind.TAGS, count);
    }

    public static PortType labels(long classes) {
        return new PortType(PortKind.LABELS, classes);
    }

    public static PortType loss() {
        return new PortType(PortKind.LOSS, 1);
    }

    /** As users read it: {@code sequence (B,T,64)}, {@code token ids (B,T) over 65 tokens}. */
    @Override
    public String toString() {
        switch (kind) {
            case TOKENS: return "token ids (B,T) over " + dim + " tokens";
            case TAGS: return "tags (B,T) over " + dim + " tags";
            case SEQUENCE: return "sequence (B,T," + dim + ")";
            case VECTOR: return "vector (B," + dim + ")";
            case LABELS: return "class labels (B) over " + dim + " classes";
            case LOSS: return "loss ()";
            default: return "attention memory (B,S," + dim + ")";
        }
    }
}
