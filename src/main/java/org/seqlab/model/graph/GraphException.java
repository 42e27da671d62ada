package org.seqlab.model.graph;

import org.seqlab.SeqLabException;

/** A model graph that cannot be built: the message names the block or edge, both sides, and the fix. */
public final class GraphException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }
}
