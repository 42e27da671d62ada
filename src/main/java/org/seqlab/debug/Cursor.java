package org.seqlab.debug;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

/**
 * A position in a trace: the event under the debugger's cursor. Immutable; each command returns a
 * {@link Move} holding the cursor before and after it. Every command clamps at the ends of the trace
 * (the first and the last event) and says, through {@link Move#moved()}, whether it moved.
 *
 * <p>The trace is forward events then backward events; the cursor's phase is its event's phase.
 * {@link #stepOver()} and {@link #stepOut()} work on label prefixes (a time step or a layer, see
 * {@link LabelPrefix}) and never cross from one phase into the other: they stop at the first event of the
 * next phase.
 */
public final class Cursor {
    private final Trace trace;
    private final int position;

    private Cursor(Trace trace, int position) {
        this.trace = trace;
        this.position = position;
    }

    /** A cursor on the first event of {@code trace}. */
    public static Cursor start(Trace trace) {
        return at(trace, 0);
    }

    /** A cursor on event {@code index} of {@code trace}, clamped to the trace. */
    public static Cursor at(Trace trace, int index) {
        Objects.requireNonNull(trace, "trace");
        if (trace.size() == 0) {
            throw new SeqLabException("There is nothing to step through: the trace holds no events. Record a pass "
                    + "of a model that runs at least one op.");
        }
        return new Cursor(trace, clamp(trace, index));
    }

    public Trace trace() {
        return trace;
    }

    /** The index of the event under the cursor. */
    public int position() {
        return position;
    }

    public TraceEvent event() {
        return trace.get(position);
    }

    public Phase phase() {
        return event().phase();
    }

    public String label() {
        return event().label();
    }

    /** The time step or layer the event belongs to ({@link LabelPrefix#of}). */
    public String prefix() {
        return LabelPrefix.of(label());
    }

    public boolean atStart() {
        return position == 0;
    }

    public boolean atEnd() {
        return position == trace.size() - 1;
    }

    // ---- commands -------------------------------------------------------------------------------

    /** To the next event. */
    public Move step() {
        return seek(position + 1);
    }

    /** To the previous event. */
    public Move stepBack() {
        return seek(position - 1);
    }

    /** To event {@code index}, clamped to the trace. */
    public Move seek(int index) {
        return Move.to(this, new Cursor(trace, clamp(trace, index)));
    }

    /**
     * Over the current time step or layer: to the first event after this one whose label is not under this
     * event's {@linkplain LabelPrefix#of prefix}, or whose phase differs. From {@code rnn/l0/t3/forget_gate}
     * that is the first event of {@code rnn/l0/t4}.
     */
    public Move stepOver() {
        return leave(prefix());
    }

    /**
     * Out of the unit around the current time step or layer: to the first event after this one whose label
     * is not under the {@linkplain LabelPrefix#parent parent} of this event's prefix, or whose phase differs.
     * From {@code rnn/l0/t3/forget_gate} that leaves the layer {@code rnn/l0}.
     */
    public Move stepOut() {
        return leave(LabelPrefix.parent(prefix()));
    }

    /** To the last event of the current phase (no move when already there). */
    public Move runToEndOfPhase() {
        Phase phase = phase();
        int i = position;
        while (i + 1 < trace.size() && trace.get(i + 1).phase() == phase) {
            i++;
        }
        return seek(i);
    }

    /**
     * Forward to the next event (after this one) that any of {@code breakpoints} hits; the move names every
     * breakpoint that hit there, in the order given. Without a hit the run ends on the last event of the
     * trace, with no hits.
     */
    public Move runToBreakpoint(Collection<? extends Breakpoint> breakpoints) {
        for (int i = position + 1; i < trace.size(); i++) {
            TraceEvent e = trace.get(i);
            List<Breakpoint> hits = new ArrayList<>();
            for (Breakpoint b : breakpoints) {
                if (b.hits(trace, e)) {
                    hits.add(b);
                }
            }
            if (!hits.isEmpty()) {
                return new Move(this, new Cursor(trace, i), hits);
            }
        }
        return seek(trace.size() - 1);
    }

    /**
     * This cursor's place in another recording of the same model, so that re-recording after an edit keeps
     * the user where they were: the event of {@code other} with the same label and phase — the same
     * occurrence of that label in that phase (the k-th of the label's events stays the k-th, since several
     * ops share a label), or its last occurrence when {@code other} has fewer; when {@code other} has no event
     * with that label and phase, the same index, clamped.
     */
    public Cursor onTrace(Trace other) {
        TraceEvent here = event();
        int occurrence = 0;
        for (int i = 0; i < position; i++) {
            if (sameLabelAndPhase(trace.get(i), here)) {
                occurrence++;
            }
        }
        int found = -1;
        int seen = 0;
        for (TraceEvent e : other.events()) {
            if (sameLabelAndPhase(e, here)) {
                found = e.index();
                if (seen++ == occurrence) {
                    break;
                }
            }
        }
        return at(other, found >= 0 ? found : position);
    }

    private Move leave(String unit) {
        Phase phase = phase();
        for (int i = position + 1; i < trace.size(); i++) {
            TraceEvent e = trace.get(i);
            if (e.phase() != phase || !LabelPrefix.isUnder(e.label(), unit)) {
                return seek(i);
            }
        }
        return seek(trace.size() - 1);
    }

    private static boolean sameLabelAndPhase(TraceEvent a, TraceEvent b) {
        return a.phase() == b.phase() && a.label().equals(b.label());
    }

    private static int clamp(Trace trace, int index) {
        return Math.max(0, Math.min(trace.size() - 1, index));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cursor c && c.trace == trace && c.position == position;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(trace) * 31 + position;
    }

    @Override
    public String toString() {
        return "Cursor at " + event();
    }
}
