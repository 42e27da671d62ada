package org.seqlab.autograd;

import org.seqlab.SeqLabException;

/**
 * The first op whose output (forward) or gradient (backward) held NaN or Inf, raised when the tape
 * detects non-finite values. Carries the op, its label, the phase, and which input was already bad.
 */
public final class NonFiniteException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    private final String op;
    private final String label;
    private final Phase phase;
    private final int badInput;

    public NonFiniteException(String message, String op, String label, Phase phase, int badInput) {
        super(message);
        this.op = op;
        this.label = label;
        this.phase = phase;
        this.badInput = badInput;
    }

    public String op() {
        return op;
    }

    public String label() {
        return label;
    }

    public Phase phase() {
        return phase;
    }

    /** Index of the first input that was already non-finite, or -1 when the op itself produced it. */
    public int badInput() {
        return badInput;
    }
}
