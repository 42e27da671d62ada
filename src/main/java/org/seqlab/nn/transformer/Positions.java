package org.seqlab.nn.transformer;

import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;

/** The input checks both positional encodings share. */
final class Positions {
    private Positions() {
    }

    /** {@code x (..., T, d)}: returns T after checking d and T against the table. */
    static long length(Tensor x, long maxLen, long dim, String what) {
        if (x.rank() < 2 || x.size(-1) != dim) {
            throw new ShapeException(what + " at " + Scope.current() + ": expected embeddings (B, T, " + dim
                    + "), found " + x.shape() + ". Add positions to token embeddings of the model width " + dim + ".");
        }
        long t = x.size(-2);
        if (t > maxLen) {
            throw new SequenceTooLongException(t, maxLen, Scope.current());
        }
        return t;
    }
}
