package org.seqlab.debug;

import java.util.List;

/** What changed in a {@link DebugSession}; after each, the session's accessors show the new state. */
public sealed interface SessionChange
        permits SessionChange.Recorded, SessionChange.CursorMoved, SessionChange.BreakpointsChanged,
        SessionChange.WatchesChanged {

    /** A pass was (re-)recorded; the cursor was carried over to it (or set on its first event). */
    record Recorded(Recording recording, Cursor cursor) implements SessionChange {
    }

    /** The cursor moved (commands that were clamped and did not move are not reported). */
    record CursorMoved(Move move) implements SessionChange {
    }

    /** A breakpoint was added or removed: the list now. */
    record BreakpointsChanged(List<Breakpoint> breakpoints) implements SessionChange {
        public BreakpointsChanged {
            breakpoints = List.copyOf(breakpoints);
        }
    }

    /** A watch was added or removed: the list now. */
    record WatchesChanged(List<Watch> watches) implements SessionChange {
        public WatchesChanged {
            watches = List.copyOf(watches);
        }
    }
}
