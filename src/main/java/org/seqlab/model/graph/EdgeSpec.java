package org.seqlab.model.graph;

/**
 * An edge: {@code from} is {@code input:NAME} or {@code BLOCK.PORT}; {@code to} is {@code BLOCK.PORT}.
 */
public record EdgeSpec(String from, String to) {
    /** The block id of a {@code BLOCK.PORT} end (everything before the last dot). */
    public static String blockOf(String end) {
        int i = end.lastIndexOf('.');
        return i < 0 ? end : end.substring(0, i);
    }

    /** The port name of a {@code BLOCK.PORT} end. */
    public static String portOf(String end) {
        int i = end.lastIndexOf('.');
        return i < 0 ? "" : end.substring(i + 1);
    }

    public boolean fromInput() {
        return from.startsWith("input:");
    }

    public String inputName() {
        return from.substring("input:".length());
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
