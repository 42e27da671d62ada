package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.debug.Models.all;
import static org.seqlab.debug.Models.first;
import static org.seqlab.debug.Models.ids;
import static org.seqlab.debug.Models.tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TensorStats;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

class DebugSessionTest {

    private static DebugSession lstm(int length) {
        return DebugSession.record(Models.compile("char-lstm-lm"), tokens(ids(length)));
    }

    private static void seekTo(DebugSession s, Phase phase, String label, int occurrence) {
        s.seek(all(s.recording().trace(), phase, label).get(occurrence).index());
    }

    @Test
    void aNewSessionHasRecordedThePassAndStandsOnItsFirstEvent() {
        DebugSession s = lstm(4);
        assertThat(s.cursor().position()).isZero();
        assertThat(s.cursor().label()).isEqualTo("encoder");
        assertThat(s.recording().loss()).isNotNull();
        assertThat(s.recording().trace().backwardStart()).isLessThan(s.recording().trace().size());
        assertThat(s.inputs()).containsOnlyKeys("tokens");
        assertThat(s.gradientFlow().series()).extracting(GradientFlow.Series::name).containsExactly("rnn/l0");
    }

    @Test
    void reRecordingWithALongerInputKeepsTheCursorOnTheSameLabel() {
        DebugSession s = lstm(4);
        seekTo(s, Phase.BACKWARD, "rnn/l0/t2/forget_gate", 0);
        int before = s.cursor().position();

        s.record(tokens(ids(7)));
        assertThat(s.cursor().phase()).isEqualTo(Phase.BACKWARD);
        assertThat(s.cursor().label()).isEqualTo("rnn/l0/t2/forget_gate");
        assertThat(s.cursor().position()).as("the backward pass now starts with more steps").isGreaterThan(before);
        assertThat(s.cursor().event()).isSameAs(first(s.recording().trace(), Phase.BACKWARD, "rnn/l0/t2/forget_gate"));
        assertThat(s.inputs().get("tokens").value().toLongArray()).containsExactly(ids(7));
    }

    @Test
    void reRecordingKeepsTheSameOccurrenceOfALabelSharedBySeveralOps() {
        DebugSession s = lstm(4);
        seekTo(s, Phase.BACKWARD, "rnn/l0/t1/hidden", 1);
        assertThat(s.cursor().event().op()).isEqualTo("tanh");
        s.record(tokens(ids(9)));
        assertThat(s.cursor().label()).isEqualTo("rnn/l0/t1/hidden");
        assertThat(s.cursor().event().op()).as("still the second op labelled rnn/l0/t1/hidden").isEqualTo("tanh");
        assertThat(s.cursor().event()).isSameAs(all(s.recording().trace(), Phase.BACKWARD, "rnn/l0/t1/hidden").get(1));
    }

    @Test
    void whenTheLabelIsGoneReRecordingKeepsTheIndexClampedToTheNewTrace() {
        DebugSession s = lstm(7);
        seekTo(s, Phase.FORWARD, "rnn/l0/t5/forget_gate", 0);
        int inStep5 = s.cursor().position();

        s.record(tokens(ids(3)));
        assertThat(s.recording().trace().matching("rnn/l0/t5/*")).isEmpty();
        assertThat(s.cursor().position()).as("same index").isEqualTo(inStep5);

        s.record(tokens(ids(7)));
        seekTo(s, Phase.BACKWARD, "rnn/l0/t6/hidden", 0);
        int late = s.cursor().position();
        s.record(tokens(ids(3)));
        assertThat(late).isGreaterThan(s.recording().trace().size() - 1);
        assertThat(s.cursor().position()).as("clamped to the new trace's last event")
                .isEqualTo(s.recording().trace().size() - 1);
    }

    @Test
    void reRecordingAfterAWeightEditKeepsTheCursorAndShowsTheNewValue() {
        GraphModel model = Models.compile("char-lstm-lm");
        DebugSession s = DebugSession.record(model, tokens(ids(4)));
        seekTo(s, Phase.FORWARD, "rnn/l0/t1/forget_gate", 1);
        int position = s.cursor().position();
        double meanBefore = TensorStats.of(s.cursor().event().value()).mean();

        Models.editWeight(model, "rnn.bias_ih_l0", b -> {
            for (int j = 64; j < 128; j++) {
                b[j] += 5;                                    // the forget block of (i, f, g, o)
            }
            return b;
        });
        s.record();
        assertThat(s.cursor().position()).isEqualTo(position);
        assertThat(s.cursor().label()).isEqualTo("rnn/l0/t1/forget_gate");
        assertThat(TensorStats.of(s.cursor().event().value()).mean()).as("sigmoid(f + 5) saturates")
                .isGreaterThan(0.99).isGreaterThan(meanBefore);
    }

    @Test
    void aFailedRecordingLeavesTheSessionAsItWas() {
        DebugSession s = lstm(4);
        s.seek(10);
        Recording before = s.recording();
        Map<String, Flow> inputs = s.inputs();
        List<SessionChange> heard = new ArrayList<>();
        s.addListener(heard::add);

        assertThatThrownBy(() -> s.record(Map.of("words", Flow.of(Tensor.indices(ids(3), 1, 3)))))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("no input 'words'");
        assertThat(s.recording()).isSameAs(before);
        assertThat(s.inputs()).isSameAs(inputs);
        assertThat(s.cursor().position()).isEqualTo(10);
        assertThat(heard).isEmpty();
    }

    @Test
    void listenersHearRecordingsMovesBreakpointsAndWatchesButNotCommandsThatDidNotMove() {
        DebugSession s = lstm(3);
        List<SessionChange> heard = new ArrayList<>();
        SessionListener listener = heard::add;
        s.addListener(listener);

        s.stepBack();
        assertThat(heard).as("clamped at the first event: nothing changed").isEmpty();
        Move m = s.step();
        assertThat(heard).containsExactly(new SessionChange.CursorMoved(m));

        Breakpoint forget = Breakpoint.label("*/forget_gate");
        s.addBreakpoint(forget);
        s.addBreakpoint(Breakpoint.label("*/forget_gate"));
        assertThat(s.breakpoints()).containsExactly(forget);
        Watch w = new Watch("rnn/l0/t*/cell");
        s.addWatch(w);
        s.removeWatch(new Watch("not/watched"));
        s.record();
        assertThat(heard).hasSize(4);
        assertThat(heard.get(1)).isEqualTo(new SessionChange.BreakpointsChanged(List.of(forget)));
        assertThat(heard.get(2)).isEqualTo(new SessionChange.WatchesChanged(List.of(w)));
        assertThat(heard.get(3)).isInstanceOfSatisfying(SessionChange.Recorded.class, r -> {
            assertThat(r.recording()).isSameAs(s.recording());
            assertThat(r.cursor()).isEqualTo(s.cursor());
        });

        s.removeBreakpoint(forget);
        assertThat(heard.get(4)).isEqualTo(new SessionChange.BreakpointsChanged(List.of()));
        s.removeListener(listener);
        s.step();
        s.removeWatch(w);
        assertThat(heard).hasSize(5);
    }

    @Test
    void runToBreakpointUsesTheSessionsBreakpointsAndWatchesFollowTheCursor() {
        DebugSession s = lstm(4);
        s.addBreakpoint(Breakpoint.label("*/forget_gate"));
        s.addWatch(new Watch("*/forget_gate"));
        s.addWatch(new Watch("rnn/l0/t*/hidden"));
        assertThat(s.watchValues()).extracting(WatchValue::found).containsExactly(false, false);

        List<List<WatchValue>> seenByListener = new ArrayList<>();
        s.addListener(change -> seenByListener.add(s.watchValues()));
        Move m = s.runToBreakpoint();
        assertThat(m.hits()).containsExactly(Breakpoint.label("*/forget_gate"));
        assertThat(s.cursor().label()).isEqualTo("rnn/l0/t0/forget_gate");
        assertThat(s.watchValues().get(0).event()).isSameAs(s.cursor().event());
        assertThat(s.watchValues().get(1).found()).isFalse();
        assertThat(seenByListener).as("watch values are fresh when listeners hear of the move")
                .containsExactly(s.watchValues());

        s.stepOver();
        TraceEvent h0 = all(s.recording().trace(), Phase.FORWARD, "rnn/l0/t0/hidden").get(1);
        assertThat(s.cursor().label()).isEqualTo("rnn/l0/t1/projection");
        assertThat(s.watchValues().get(0).event().label()).isEqualTo("rnn/l0/t0/forget_gate");
        assertThat(s.watchValues().get(1).event()).isSameAs(h0);
        assertThat(s.watchValues().get(1).stats()).isEqualTo(TensorStats.of(h0.value()));

        s.runToBreakpoint();
        assertThat(s.watchValues().get(0).event()).isSameAs(s.cursor().event());
        assertThat(s.cursor().label()).isEqualTo("rnn/l0/t1/forget_gate");
    }

    @Test
    void theSessionsCommandsMoveItsCursorAsTheCursorsOwnCommandsDo() {
        DebugSession s = lstm(4);
        seekTo(s, Phase.FORWARD, "rnn/l0/t1/forget_gate", 0);
        Cursor at = s.cursor();
        assertThat(s.stepOver().to()).isEqualTo(at.stepOver().to());
        s.seek(at.position());
        assertThat(s.stepOut().to()).isEqualTo(at.stepOut().to());
        assertThat(s.cursor().label()).isEqualTo("rnn/h_n");
        s.stepBack();
        assertThat(s.cursor().position()).isEqualTo(at.stepOut().to().position() - 1);
        assertThat(s.runToEndOfPhase().to().position()).isEqualTo(s.recording().trace().backwardStart() - 1);
        s.step();
        assertThat(s.cursor().phase()).isEqualTo(Phase.BACKWARD);
    }
}
