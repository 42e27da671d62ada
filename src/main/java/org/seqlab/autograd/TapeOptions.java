package org.seqlab.autograd;

/**
 * How a {@link Tape} records.
 *
 * @param trace keep a {@link Trace} event per op (the debugger); off for training
 * @param detectNonFinite stop at the first op whose output or gradient holds NaN or Inf
 */
public record TapeOptions(boolean trace, boolean detectNonFinite) {

    /** Records the graph and the trace: what the debugger uses. */
    public static TapeOptions traced() {
        return new TapeOptions(true, false);
    }

    /** Records only what backward needs: what training uses. */
    public static TapeOptions untraced() {
        return new TapeOptions(false, false);
    }

    public TapeOptions withTrace(boolean on) {
        return new TapeOptions(on, detectNonFinite);
    }

    public TapeOptions withNonFiniteDetection(boolean on) {
        return new TapeOptions(trace, on);
    }
}
