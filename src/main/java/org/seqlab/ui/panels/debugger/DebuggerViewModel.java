package org.seqlab.ui.panels.debugger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.Breakpoint;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.Move;
import org.seqlab.debug.Watch;
import org.seqlab.debug.WatchValue;
import org.seqlab.ui.i18n.I18n;

/**
 * The debugger bar's state: the cursor of a {@link DebugSession} and the commands that move it, the
 * breakpoints (a label pattern, the first NaN/Inf, a gradient norm above a threshold) and the watches.
 * Holds no node; tested without a stage.
 */
public final class DebuggerViewModel {

    private final I18n i18n;
    private final ReadOnlyObjectWrapper<DebugSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyObjectWrapper<Cursor> cursor = new ReadOnlyObjectWrapper<>(this, "cursor");
    private final ObservableList<TraceEvent> events = FXCollections.observableArrayList();
    private final ObservableList<WatchValue> watchValues = FXCollections.observableArrayList();
    private final StringProperty breakpointPattern = new SimpleStringProperty(this, "breakpointPattern", "");
    private final BooleanProperty breakOnNonFinite = new SimpleBooleanProperty(this, "breakOnNonFinite", false);
    private final BooleanProperty breakOnGradientNorm = new SimpleBooleanProperty(this, "breakOnGradientNorm", false);
    private final DoubleProperty gradientNormThreshold = new SimpleDoubleProperty(this, "gradientNormThreshold", 1.0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final BooleanProperty locked = new SimpleBooleanProperty(this, "locked", false);

    public DebuggerViewModel(I18n i18n) {
        this.i18n = i18n;
    }

    /** Shows {@code s} (after a first recording or a re-recording): the list of events and the cursor follow it. */
    public void setSession(DebugSession s) {
        session.set(s);
        refresh();
    }

    /** Reads the session again (after it re-recorded in place). */
    public void refresh() {
        DebugSession s = session.get();
        if (s == null) {
            events.clear();
            cursor.set(null);
            watchValues.clear();
            return;
        }
        if (events.size() != s.recording().trace().size()
                || (!events.isEmpty() && events.get(0) != s.recording().trace().get(0))) {
            events.setAll(s.recording().trace().events());
        }
        cursor.set(s.cursor());
        watchValues.setAll(s.watchValues());
    }

    public ReadOnlyObjectProperty<DebugSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Cursor> cursorProperty() {
        return cursor.getReadOnlyProperty();
    }

    /** Every event of the trace, forward then backward. */
    public ObservableList<TraceEvent> events() {
        return events;
    }

    public ObservableList<WatchValue> watchValues() {
        return watchValues;
    }

    public StringProperty breakpointPatternProperty() {
        return breakpointPattern;
    }

    public BooleanProperty breakOnNonFiniteProperty() {
        return breakOnNonFinite;
    }

    public BooleanProperty breakOnGradientNormProperty() {
        return breakOnGradientNorm;
    }

    public DoubleProperty gradientNormThresholdProperty() {
        return gradientNormThreshold;
    }

    /** What the last command found ("stopped at breakpoint …", "no breakpoint ahead"), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * True while the session is being recorded again in the background: the cursor commands do nothing then
     * (a session is used from one thread at a time).
     */
    public BooleanProperty lockedProperty() {
        return locked;
    }

    public boolean hasSession() {
        return session.get() != null;
    }

    public void step() {
        move(DebugSession::step);
    }

    public void stepBack() {
        move(DebugSession::stepBack);
    }

    public void stepOver() {
        move(DebugSession::stepOver);
    }

    public void stepOut() {
        move(DebugSession::stepOut);
    }

    public void runToEndOfPhase() {
        move(DebugSession::runToEndOfPhase);
    }

    public void seek(int index) {
        move(s -> s.seek(index));
    }

    /** Runs to the next event a breakpoint stops at, or to the end when none does. */
    public void runToBreakpoint() {
        DebugSession s = session.get();
        if (s == null || locked.get()) {
            return;
        }
        List<Breakpoint> wanted = breakpoints();
        for (Breakpoint b : List.copyOf(s.breakpoints())) {
            s.removeBreakpoint(b);
        }
        wanted.forEach(s::addBreakpoint);
        if (wanted.isEmpty()) {
            message.set(i18n.get("debugger.message.noBreakpoints"));
            return;
        }
        Move m = s.runToBreakpoint();
        refresh();
        if (m.hitBreakpoint()) {
            message.set(i18n.format("debugger.message.hit", describe(m.hits().get(0))));
        } else {
            message.set(i18n.get("debugger.message.noHit"));
        }
    }

    /** A breakpoint in the UI's language. */
    private String describe(Breakpoint b) {
        if (b instanceof Breakpoint.LabelPattern p) {
            return i18n.format("debugger.hit.label", p.glob());
        }
        if (b instanceof Breakpoint.GradientNorm g) {
            return i18n.format("debugger.hit.gradientNorm", String.valueOf(g.threshold()));
        }
        return i18n.get("debugger.hit.nonFinite");
    }

    /** The breakpoints the fields ask for; a blank pattern or an invalid threshold adds none. */
    List<Breakpoint> breakpoints() {
        List<Breakpoint> r = new ArrayList<>();
        String pattern = breakpointPattern.get() == null ? "" : breakpointPattern.get().trim();
        if (!pattern.isEmpty()) {
            r.add(Breakpoint.label(pattern));
        }
        if (breakOnNonFinite.get()) {
            r.add(Breakpoint.nonFinite());
        }
        double x = gradientNormThreshold.get();
        if (breakOnGradientNorm.get() && x > 0 && Double.isFinite(x)) {
            r.add(Breakpoint.gradientNorm(x));
        }
        return r;
    }

    /** Adds a watch on a label pattern ({@code rnn/l0/t3/forget_gate}, {@code *}{@code /cell}). */
    public void addWatch(String pattern) {
        DebugSession s = session.get();
        if (s == null || locked.get() || pattern == null || pattern.isBlank()) {
            return;
        }
        s.addWatch(new Watch(pattern.trim()));
        refresh();
    }

    public void removeWatch(Watch w) {
        DebugSession s = session.get();
        if (s != null && !locked.get()) {
            s.removeWatch(w);
            refresh();
        }
    }

    /** "event 12 / 340 · rnn/l0/t3/forget_gate" (1-based). */
    public String positionText() {
        Cursor c = cursor.get();
        if (c == null) {
            return i18n.get("debugger.position.none");
        }
        return i18n.format("debugger.position", c.position() + 1, c.trace().size(), c.label());
    }

    /** "forward" or "backward". */
    public String phaseText() {
        Cursor c = cursor.get();
        if (c == null) {
            return "";
        }
        return i18n.get(c.phase() == Phase.FORWARD ? "debugger.phase.forward" : "debugger.phase.backward");
    }

    private void move(Function<DebugSession, Move> command) {
        DebugSession s = session.get();
        if (s == null || locked.get()) {
            return;
        }
        command.apply(s);
        message.set("");
        refresh();
    }
}
