package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a trace label as a recurrence at one time step. */
class StepLabelTest {

    @Test
    void theDeepestTimeStepPartSplitsTheLabel() {
        assertThat(StepLabel.parse("rnn/l0/t3/forget_gate")).contains(new StepLabel("rnn/l0", 3, "forget_gate"));
        assertThat(StepLabel.parse("decoder/t2/cell/hidden")).contains(new StepLabel("decoder", 2, "cell/hidden"));
        assertThat(StepLabel.parse("t7/h")).contains(new StepLabel("", 7, "h"));
        assertThat(StepLabel.parse("enc/t12")).contains(new StepLabel("enc", 12, ""));
        assertThat(StepLabel.parse("t0")).contains(new StepLabel("", 0, ""));
        assertThat(StepLabel.parse("a/t1/b/t4/c")).contains(new StepLabel("a/t1/b", 4, "c"));
    }

    @Test
    void partsThatOnlyLookLikeTimeStepsAreNot() {
        assertThat(StepLabel.parse("rnn/l0/forget_gate")).isEmpty();
        assertThat(StepLabel.parse("tanh/t")).isEmpty();
        assertThat(StepLabel.parse("x/t3a/y")).isEmpty();
        assertThat(StepLabel.parse("x/at3/y")).isEmpty();
        assertThat(StepLabel.parse("")).isEmpty();
        assertThat(StepLabel.parse("/")).isEmpty();
        assertThat(StepLabel.parse("x/t99999999999999/y")).isEmpty();     // too long for an int
        assertThat(StepLabel.parse("x//t5/")).contains(new StepLabel("x/", 5, ""));
    }

    @Test
    void leafMiddleAndSeriesNameTheParts() {
        StepLabel l = StepLabel.parse("decoder/t2/cell/hidden").orElseThrow();
        assertThat(l.leaf()).isEqualTo("hidden");
        assertThat(l.middle()).isEqualTo("cell");
        assertThat(l.series()).isEqualTo("decoder/cell");
        assertThat(StepLabel.parse("rnn/l0/t3/forget_gate").orElseThrow().series()).isEqualTo("rnn/l0");
    }
}
