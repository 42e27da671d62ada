package org.seqlab.autograd;

import org.seqlab.SeqLabException;

/** Inputs of different or unsuitable element types; the message says which and how to convert. */
public final class DTypeException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    public DTypeException(String message) {
        super(message);
    }
}
