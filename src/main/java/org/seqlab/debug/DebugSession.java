package org.seqlab.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

/**
 * The debugger's model: a compiled model, its current inputs, the recording of one pass on them, a cursor
 * over that recording's trace, the breakpoints and the watches. Record, then replay: {@link #record}
 * computes the pass (slow; run it on a background thread), the cursor commands only move over the trace.
 *
 * <p>Editing an input ({@link #record(Map)}) or a weight (change the model's parameters, then
 * {@link #record()}) re-records the pass and keeps the cursor at the same label
 * ({@link Cursor#onTrace}). The pass is recorded in the model's current mode ({@code model.train(..)}) and
 * without stopping at NaN/Inf, so that the {@linkplain Breakpoint#nonFinite NaN/Inf breakpoint} can find
 * them.
 *
 * <p><b>Not thread-safe.</b> Use a session from one thread at a time: a UI runs {@link #record} through its
 * task executor and touches the session again only after the task has finished (the executor's hand-off
 * orders the two). Listeners are called synchronously on the thread that made the change.
 */
public final class DebugSession {
    private final GraphModel model;
    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private final List<SessionListener> listeners = new ArrayList<>();
    private Map<String, Flow> inputs;
    private Recording recording;
    private GradientFlow gradientFlow;
    private Cursor cursor;
    private List<WatchValue> watchValues = List.of();

    private DebugSession(GraphModel model, Map<String, Flow> inputs) {
        this.model = Objects.requireNonNull(model, "model");
        this.inputs = Map.copyOf(inputs);
    }

    /** Records a first pass of {@code model} on {@code inputs}, the cursor on its first event. */
    public static DebugSession record(GraphModel model, Map<String, Flow> inputs) {
        DebugSession s = new DebugSession(model, inputs);
        s.record();
        return s;
    }

    public GraphModel model() {
        return model;
    }

    /** The inputs the current recording ran on (as given: inputs with a default rule may be left out). */
    public Map<String, Flow> inputs() {
        return inputs;
    }

    public Recording recording() {
        return recording;
    }

    /** The gradient flow of the current recording, computed when it was recorded. */
    public GradientFlow gradientFlow() {
        return gradientFlow;
    }

    public Cursor cursor() {
        return cursor;
    }

    // ---- recording ------------------------------------------------------------------------------

    /** Re-records the pass on the current inputs (after a weight was edited); the cursor keeps its label. */
    public Recording record() {
        return record(inputs);
    }

    /**
     * Records the pass on {@code newInputs}, which become the current inputs, and keeps the cursor at the
     * same label. When recording fails (an input the model refuses), the exception propagates and the
     * session keeps its previous inputs, recording and cursor.
     */
    public Recording record(Map<String, Flow> newInputs) {
        Map<String, Flow> given = Map.copyOf(newInputs);
        Recording r = Recorder.record(model, given, false);
        GradientFlow flow = GradientFlow.of(r);
        Cursor c = cursor == null ? Cursor.start(r.trace()) : cursor.onTrace(r.trace());
        inputs = given;
        recording = r;
        gradientFlow = flow;
        cursor = c;
        refreshWatches();
        fire(new SessionChange.Recorded(r, c));
        return r;
    }

    // ---- cursor commands ------------------------------------------------------------------------

    public Move step() {
        return apply(Cursor::step);
    }

    public Move stepBack() {
        return apply(Cursor::stepBack);
    }

    public Move stepOver() {
        return apply(Cursor::stepOver);
    }

    public Move stepOut() {
        return apply(Cursor::stepOut);
    }

    public Move runToEndOfPhase() {
        return apply(Cursor::runToEndOfPhase);
    }

    /** Runs to the next event that one of the session's breakpoints hits (to the last event without one). */
    public Move runToBreakpoint() {
        List<Breakpoint> current = List.copyOf(breakpoints);
        return apply(c -> c.runToBreakpoint(current));
    }

    public Move seek(int index) {
        return apply(c -> c.seek(index));
    }

    private Move apply(Function<Cursor, Move> command) {
        Move m = command.apply(cursor);
        cursor = m.to();
        if (m.moved()) {
            refreshWatches();
            fire(new SessionChange.CursorMoved(m));
        }
        return m;
    }

    // ---- breakpoints and watches ----------------------------------------------------------------

    public List<Breakpoint> breakpoints() {
        return List.copyOf(breakpoints);
    }

    /** Adds a breakpoint (an equal one already set is not added twice). */
    public void addBreakpoint(Breakpoint b) {
        Objects.requireNonNull(b, "breakpoint");
        if (!breakpoints.contains(b)) {
            breakpoints.add(b);
            fire(new SessionChange.BreakpointsChanged(breakpoints));
        }
    }

    public void removeBreakpoint(Breakpoint b) {
        if (breakpoints.remove(b)) {
            fire(new SessionChange.BreakpointsChanged(breakpoints));
        }
    }

    public List<Watch> watches() {
        return List.copyOf(watches);
    }

    /** Adds a watch (an equal one already listed is not added twice). */
    public void addWatch(Watch w) {
        Objects.requireNonNull(w, "watch");
        if (!watches.contains(w)) {
            watches.add(w);
            refreshWatches();
            fire(new SessionChange.WatchesChanged(watches));
        }
    }

    public void removeWatch(Watch w) {
        if (watches.remove(w)) {
            refreshWatches();
            fire(new SessionChange.WatchesChanged(watches));
        }
    }

    /**
     * Every watch's value at the cursor, in the order the watches were added; recomputed when the cursor
     * moves, a pass is recorded or a watch is added or removed (before listeners hear of the change).
     */
    public List<WatchValue> watchValues() {
        return watchValues;
    }

    private void refreshWatches() {
        List<WatchValue> r = new ArrayList<>(watches.size());
        for (Watch w : watches) {
            r.add(w.valueAt(cursor));
        }
        watchValues = List.copyOf(r);
    }

    // ---- listeners ------------------------------------------------------------------------------

    public void addListener(SessionListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
    }

    private void fire(SessionChange change) {
        for (SessionListener l : List.copyOf(listeners)) {
            l.changed(change);
        }
    }
}
