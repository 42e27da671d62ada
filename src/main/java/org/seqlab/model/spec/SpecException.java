package org.seqlab.model.spec;

import org.seqlab.SeqLabException;

/** A model-graph file that cannot be read: names the file, the JSON path, the problem and the fix. */
public final class SpecException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
