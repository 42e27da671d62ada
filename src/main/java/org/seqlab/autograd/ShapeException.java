package org.seqlab.autograd;

import org.seqlab.SeqLabException;

/** Shapes that do not fit an op: the message names the op, its label, both shapes and what differs. */
public final class ShapeException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
