package org.seqlab.data.corpus;

import java.util.Objects;

/** A source text and its target (a translation, or a synthetic task's input and answer). */
public record TextPair(String source, String target) {
    /** Refuses nulls. */
    public TextPair {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }
}
