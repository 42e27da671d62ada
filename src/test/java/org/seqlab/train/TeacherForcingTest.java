package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class TeacherForcingTest {
    @Test
    void constantIsTheRatioAtEveryStep() {
        TeacherForcing t = new TeacherForcing.Constant(0.75);
        assertThat(t.ratio(1)).isEqualTo(0.75);
        assertThat(t.ratio(1_000_000)).isEqualTo(0.75);
        assertThat(new TeacherForcing.Constant(1).describe()).isEqualTo("teacher forcing");
    }

    @Test
    void linearDecaysToItsFloor() {
        TeacherForcing t = new TeacherForcing.Linear(1.0, 0.001, 0.25);
        assertThat(t.ratio(100)).isCloseTo(0.9, offset(1e-12));        // 1 - 0.001·100
        assertThat(t.ratio(500)).isCloseTo(0.5, offset(1e-12));
        assertThat(t.ratio(750)).isCloseTo(0.25, offset(1e-12));
        assertThat(t.ratio(5000)).isEqualTo(0.25);
    }

    @Test
    void exponentialIsKToTheStep() {
        TeacherForcing t = new TeacherForcing.Exponential(0.99);
        assertThat(t.ratio(1)).isCloseTo(0.99, offset(1e-12));
        assertThat(t.ratio(100)).isCloseTo(0.36603234127322950, offset(1e-12));   // 0.99^100
    }

    @Test
    void inverseSigmoidIsKOverKPlusExp() {
        TeacherForcing t = new TeacherForcing.InverseSigmoid(10);
        assertThat(t.ratio(0)).isCloseTo(10.0 / 11, offset(1e-12));
        // 10 ln 10 = 23.03: there exp(i/k) = k, so the ratio is 1/2
        assertThat(t.ratio(Math.round(10 * Math.log(10)))).isCloseTo(0.5, offset(0.01));
        assertThat(t.ratio(100)).isCloseTo(10 / (10 + Math.exp(10)), offset(1e-12));
        assertThat(t.ratio(1_000_000)).isEqualTo(0);
    }

    @Test
    void refusesParametersOutsideTheirRange() {
        assertThatThrownBy(() -> new TeacherForcing.Constant(1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new TeacherForcing.Exponential(1)).hasMessageContaining("0 < k < 1");
        assertThatThrownBy(() -> new TeacherForcing.InverseSigmoid(0.5)).hasMessageContaining("k ≥ 1");
        assertThatThrownBy(() -> new TeacherForcing.Linear(1, -1, 0)).hasMessageContaining("slope");
    }
}
