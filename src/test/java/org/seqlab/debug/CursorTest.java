package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.debug.Models.first;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

/** The cursor on a real recording: char-lstm-lm over 4 tokens. */
class CursorTest {
    private static Trace trace;

    @BeforeAll
    static void record() {
        trace = Models.lstm(4).trace();
    }

    private static Cursor on(Phase phase, String label) {
        return Cursor.at(trace, first(trace, phase, label).index());
    }

    @Test
    void stepMovesToTheNextEventAndStepBackReturns() {
        Cursor c = on(Phase.FORWARD, "rnn/l0/t1/forget_gate");
        Move step = c.step();
        assertThat(step.moved()).isTrue();
        assertThat(step.from()).isEqualTo(c);
        assertThat(step.to().position()).isEqualTo(c.position() + 1);
        Move back = step.to().stepBack();
        assertThat(back.moved()).isTrue();
        assertThat(back.to()).isEqualTo(c);
    }

    @Test
    void commandsClampAtBothEndsAndSayTheyDidNotMove() {
        Cursor start = Cursor.start(trace);
        assertThat(start.stepBack().moved()).isFalse();
        assertThat(start.stepBack().to()).isEqualTo(start);
        Cursor end = Cursor.at(trace, trace.size() - 1);
        assertThat(end.atEnd()).isTrue();
        for (Move m : List.of(end.step(), end.stepOver(), end.stepOut(), end.runToEndOfPhase(),
                end.runToBreakpoint(List.of(Breakpoint.label("*"))))) {
            assertThat(m.moved()).isFalse();
            assertThat(m.to().position()).isEqualTo(trace.size() - 1);
        }
        assertThat(start.seek(-5).to().position()).isZero();
        assertThat(start.seek(1_000_000).to().position()).isEqualTo(trace.size() - 1);
        assertThat(Cursor.at(trace, 1_000_000).atEnd()).isTrue();
    }

    @Test
    void stepOverSkipsTheWholeTimeStep() {
        Cursor c = on(Phase.FORWARD, "rnn/l0/t1/projection");
        assertThat(c.prefix()).isEqualTo("rnn/l0/t1");
        Move m = c.stepOver();
        assertThat(m.to().label()).isEqualTo("rnn/l0/t2/projection");
        for (int i = c.position(); i < m.to().position(); i++) {
            assertThat(trace.get(i).label()).as("skipped #" + i).startsWith("rnn/l0/t1/");
        }
        assertThat(trace.events().subList(m.to().position(), trace.backwardStart()))
                .as("nothing of t1 is left in the forward pass")
                .noneMatch(e -> e.label().startsWith("rnn/l0/t1/"));
    }

    @Test
    void stepOverFromTheMiddleOfAStepFinishesThatStep() {
        Cursor c = on(Phase.FORWARD, "rnn/l0/t2/cell");
        assertThat(c.stepOver().to().label()).isEqualTo("rnn/l0/t3/projection");
    }

    @Test
    void stepOverInTheBackwardPassGoesBackInTime() {
        Cursor c = on(Phase.BACKWARD, "rnn/l0/t2/hidden");
        Move m = c.stepOver();
        assertThat(m.to().phase()).isEqualTo(Phase.BACKWARD);
        assertThat(m.to().label()).isEqualTo("rnn/l0/t1/hidden");
    }

    @Test
    void stepOverOnALayerLevelOpSkipsTheWholeLayer() {
        Cursor c = on(Phase.FORWARD, "rnn/l0/input_projection");
        assertThat(c.prefix()).isEqualTo("rnn/l0");
        assertThat(c.stepOver().to().label()).isEqualTo("rnn/h_n");
    }

    @Test
    void stepOutLeavesTheLayer() {
        Cursor c = on(Phase.FORWARD, "rnn/l0/t1/forget_gate");
        Move m = c.stepOut();
        assertThat(m.to().label()).isEqualTo("rnn/h_n");
        for (int i = c.position(); i < m.to().position(); i++) {
            assertThat(trace.get(i).label()).as("skipped #" + i).startsWith("rnn/l0/");
        }
        Move again = m.to().stepOut();
        assertThat(again.to().label()).as("out of rnn/h_n is out of the rnn block").isEqualTo("decoder");
    }

    @Test
    void stepOverAndStepOutStopAtTheFirstBackwardEvent() {
        Cursor loss = on(Phase.FORWARD, "loss");
        assertThat(loss.position()).isEqualTo(trace.backwardStart() - 1);
        assertThat(trace.get(trace.backwardStart()).label()).as("backward starts with the same label").isEqualTo("loss");
        assertThat(loss.stepOver().to().position()).isEqualTo(trace.backwardStart());
        assertThat(loss.stepOut().to().position()).isEqualTo(trace.backwardStart());
        assertThat(loss.stepOut().to().phase()).isEqualTo(Phase.BACKWARD);
    }

    @Test
    void runToEndOfPhaseStopsOnThePhasesLastEvent() {
        Move forward = Cursor.start(trace).runToEndOfPhase();
        assertThat(forward.to().position()).isEqualTo(trace.backwardStart() - 1);
        assertThat(forward.to().phase()).isEqualTo(Phase.FORWARD);
        assertThat(forward.to().runToEndOfPhase().moved()).as("already at the end of the phase").isFalse();
        Move backward = forward.to().step().to().runToEndOfPhase();
        assertThat(backward.to().atEnd()).isTrue();
    }

    @Test
    void runToBreakpointVisitsEveryForgetGateInTraceOrderThenRunsToTheEnd() {
        Breakpoint forget = Breakpoint.label("*/forget_gate");
        List<Integer> stops = new ArrayList<>();
        Cursor c = Cursor.start(trace);
        while (true) {
            Move m = c.runToBreakpoint(List.of(forget));
            if (!m.hitBreakpoint()) {
                assertThat(m.to().atEnd()).as("a run without a hit ends on the last event").isTrue();
                break;
            }
            assertThat(m.hits()).containsExactly(forget);
            assertThat(m.to().label()).endsWith("/forget_gate");
            stops.add(m.to().position());
            c = m.to();
        }
        assertThat(stops).isEqualTo(trace.matching("*/forget_gate").stream().map(TraceEvent::index).toList());
        assertThat(stops).as("two ops per gate, four steps, forward and backward").hasSize(2 * 4 * 2);
    }

    @Test
    void runToBreakpointReportsEveryBreakpointThatHitsTheEvent() {
        Breakpoint forget = Breakpoint.label("*/forget_gate");
        Breakpoint step2 = Breakpoint.label("rnn/l0/t2/*");
        Move m = on(Phase.FORWARD, "rnn/l0/t1/hidden").runToBreakpoint(List.of(step2, forget));
        assertThat(m.to().position()).isEqualTo(first(trace, Phase.FORWARD, "rnn/l0/t2/projection").index());
        assertThat(m.hits()).containsExactly(step2);
        Cursor beforeGate = Cursor.at(trace, first(trace, Phase.FORWARD, "rnn/l0/t2/forget_gate").index() - 1);
        Move both = beforeGate.runToBreakpoint(List.of(step2, forget));
        assertThat(both.to().label()).isEqualTo("rnn/l0/t2/forget_gate");
        assertThat(both.hits()).as("in the order given").containsExactly(step2, forget);
    }

    @Test
    void anEmptyTraceHasNothingToStepThrough() {
        Trace empty;
        try (Tape tape = Tape.open()) {
            empty = tape.trace();
        }
        assertThatThrownBy(() -> Cursor.start(empty)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("no events");
    }
}
