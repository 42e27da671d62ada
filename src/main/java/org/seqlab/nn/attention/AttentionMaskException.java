package org.seqlab.nn.attention;

import org.seqlab.SeqLabException;

/** A mask that hides every key from some query: the softmax of that row would have nothing to weigh. */
public final class AttentionMaskException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    public AttentionMaskException(String message) {
        super(message);
    }
}
