package org.seqlab.autograd;

import org.seqlab.SeqLabException;

/** A gradient that cannot be computed: never a silent zero, always this, naming op and argument. */
public final class GradientException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    public GradientException(String message) {
        super(message);
    }
}
