package org.seqlab.data.corpus;

import org.seqlab.SeqLabException;

/** A tag sequence that is not valid in the scheme it is read in; names the 0-based position of the bad tag. */
public final class TagSequenceException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    private final int position;

    /** A bad tag at {@code position} (0-based), described by {@code message}. */
    public TagSequenceException(int position, String message) {
        super(message);
        this.position = position;
    }

    /** The 0-based position of the bad tag in its sentence. */
    public int position() {
        return position;
    }
}
