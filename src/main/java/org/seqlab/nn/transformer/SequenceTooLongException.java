package org.seqlab.nn.transformer;

import org.seqlab.SeqLabException;

/** A sequence longer than the positions a model was built for. */
public final class SequenceTooLongException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final long maxLength;

    public SequenceTooLongException(long length, long maxLength, String where) {
        super("Cannot run a sequence of " + length + " tokens: block size is " + maxLength
                + (where == null || where.isEmpty() ? "" : " (at " + where + ")")
                + ". Shorten the input to at most " + maxLength + " tokens (or run it in windows), or build the "
                + "model with a larger maximum length.");
        this.length = length;
        this.maxLength = maxLength;
    }

    public long length() {
        return length;
    }

    public long maxLength() {
        return maxLength;
    }
}
