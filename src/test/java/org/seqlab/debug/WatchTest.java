package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.debug.Models.all;
import static org.seqlab.debug.Models.first;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TensorStats;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

class WatchTest {
    private static Trace trace;

    @BeforeAll
    static void record() {
        trace = Models.lstm(4).trace();
    }

    @Test
    void aWatchShowsNothingBeforeItsLabelHasRun() {
        WatchValue v = new Watch("rnn/l0/t*/hidden").valueAt(Cursor.start(trace));
        assertThat(v.found()).isFalse();
        assertThat(v.event()).isNull();
        assertThat(v.stats()).isNull();
    }

    @Test
    void aWatchFollowsTheCursorToTheMostRecentMatchingEvent() {
        Watch hidden = new Watch("rnn/l0/t*/hidden");
        TraceEvent tanh = all(trace, Phase.FORWARD, "rnn/l0/t0/hidden").get(0);
        TraceEvent h0 = all(trace, Phase.FORWARD, "rnn/l0/t0/hidden").get(1);

        Cursor c = Cursor.at(trace, tanh.index());
        assertThat(hidden.valueAt(c).event()).isSameAs(tanh);
        c = c.step().to();
        assertThat(hidden.valueAt(c).event()).isSameAs(h0);
        c = c.stepOver().to();
        assertThat(c.label()).isEqualTo("rnn/l0/t1/projection");
        assertThat(hidden.valueAt(c).event()).as("t1 has not produced its hidden state yet").isSameAs(h0);

        WatchValue v = hidden.valueAt(c);
        TensorStats expected = TensorStats.of(h0.value());
        assertThat(v.stats()).isEqualTo(expected);
        assertThat(v.stats().norm()).isEqualTo(Models.l2(h0.value()));
        assertThat(v.stats().min()).isBetween(-1.0, 1.0);
    }

    @Test
    void inTheBackwardPassAWatchShowsTheGradientFlowingIntoItsLabel() {
        Watch hidden = new Watch("rnn/l0/t*/hidden");
        TraceEvent dh3 = first(trace, Phase.BACKWARD, "rnn/l0/t3/hidden");
        WatchValue v = hidden.valueAt(Cursor.at(trace, dh3.index()));
        assertThat(v.event()).isSameAs(dh3);
        assertThat(v.event().phase()).isEqualTo(Phase.BACKWARD);
        assertThat(v.stats()).isEqualTo(TensorStats.of(dh3.value()));
        TraceEvent before = trace.get(dh3.index() - 1);
        assertThat(hidden.valueAt(Cursor.at(trace, before.index())).event())
                .as("just before, the latest match is still the forward pass's last hidden state")
                .isSameAs(all(trace, Phase.FORWARD, "rnn/l0/t3/hidden").get(1));
    }

    @Test
    void anExactLabelIsAWatchToo() {
        Watch decoder = new Watch("decoder");
        assertThat(decoder.matches("decoder")).isTrue();
        assertThat(decoder.matches("decoder/x")).isFalse();
        WatchValue atEnd = decoder.valueAt(Cursor.at(trace, trace.size() - 1));
        assertThat(atEnd.event().label()).isEqualTo("decoder");
        assertThat(atEnd.event().phase()).isEqualTo(Phase.BACKWARD);
    }

    @Test
    void aBlankWatchIsRefused() {
        assertThatThrownBy(() -> new Watch("")).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("rnn/l0/t*/hidden");
    }
}
