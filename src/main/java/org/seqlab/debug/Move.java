package org.seqlab.debug;

import java.util.List;

/**
 * The result of a cursor command: where the cursor was, where it is now, and, for a run to a breakpoint,
 * the breakpoints that stopped it (empty otherwise, and when a run reached the end without a hit).
 */
public record Move(Cursor from, Cursor to, List<Breakpoint> hits) {
    public Move {
        hits = List.copyOf(hits);
    }

    static Move to(Cursor from, Cursor to) {
        return new Move(from, to, List.of());
    }

    /** Whether the cursor changed position (false when a command was clamped at an end of the trace). */
    public boolean moved() {
        return from.position() != to.position();
    }

    /** Whether a breakpoint stopped the run. */
    public boolean hitBreakpoint() {
        return !hits.isEmpty();
    }
}
