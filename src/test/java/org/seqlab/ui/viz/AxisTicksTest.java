package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.ui.viz.AxisTicks.Range;
import org.seqlab.ui.viz.AxisTicks.Tick;

class AxisTicksTest {

    private static List<String> labels(List<Tick> ticks) {
        return ticks.stream().map(Tick::label).toList();
    }

    @Test
    void aLogAxisSpansWholeDecadesAroundTheData() {
        Range r = AxisTicks.range(2.3e-8, 0.04, AxisScale.LOG10);
        assertThat(r.min()).isCloseTo(1e-8, within(1e-20));
        assertThat(r.max()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void logTicksAreTheDecadesLabelledAsPowersOfTen() {
        List<Tick> ticks = AxisTicks.ticks(new Range(1e-7, 1), AxisScale.LOG10, 20);
        assertThat(labels(ticks)).containsExactly("1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1", "1");
        assertThat(ticks.get(0).value()).isCloseTo(1e-7, within(1e-20));
    }

    @Test
    void logTicksAreThinnedToEveryOtherDecadeWhereTheyWouldCrowdKeepingTheTopOne() {
        List<Tick> ticks = AxisTicks.ticks(new Range(1e-11, 0.1), AxisScale.LOG10, 6);
        assertThat(labels(ticks)).containsExactly("1e-11", "1e-9", "1e-7", "1e-5", "1e-3", "0.1");
        assertThat(AxisTicks.ticks(new Range(1e-12, 0.1), AxisScale.LOG10, 6)).hasSizeLessThanOrEqualTo(6)
                .last().extracting(Tick::label).isEqualTo("0.1");
    }

    @Test
    void decadesFromAHundredthToAHundredReadAsPlainNumbers() {
        assertThat(AxisTicks.decadeLabel(-2)).isEqualTo("0.01");
        assertThat(AxisTicks.decadeLabel(0)).isEqualTo("1");
        assertThat(AxisTicks.decadeLabel(2)).isEqualTo("100");
        assertThat(AxisTicks.decadeLabel(3)).isEqualTo("1e3");
        assertThat(AxisTicks.decadeLabel(-3)).isEqualTo("1e-3");
    }

    @Test
    void aLogAxisWithoutPositiveValuesFallsBackToOneDecade() {
        Range r = AxisTicks.range(0, 0, AxisScale.LOG10);
        assertThat(r.min()).isEqualTo(0.1);
        assertThat(r.max()).isEqualTo(1);
    }

    @Test
    void aLinearAxisWidensToNiceTicks() {
        Range r = AxisTicks.range(0.13, 4.87, AxisScale.LINEAR);
        assertThat(r.min()).isEqualTo(0);
        assertThat(r.max()).isEqualTo(5);
        assertThat(labels(AxisTicks.ticks(r, AxisScale.LINEAR, 6))).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void linearTicksAreOneTwoOrFiveTimesAPowerOfTenWithTheDecimalsTheStepNeeds() {
        assertThat(labels(AxisTicks.ticks(new Range(0, 1), AxisScale.LINEAR, 6)))
                .containsExactly("0", "0.2", "0.4", "0.6", "0.8", "1");
        assertThat(labels(AxisTicks.ticks(new Range(0, 5000), AxisScale.LINEAR, 6)))
                .containsExactly("0", "1000", "2000", "3000", "4000", "5000");
        assertThat(labels(AxisTicks.ticks(new Range(-0.03, 0.03), AxisScale.LINEAR, 4)))
                .containsExactly("-0.02", "0", "0.02");
    }

    @Test
    void linearTicksNeverExceedTheirCount() {
        for (int most = 2; most < 12; most++) {
            assertThat(AxisTicks.ticks(new Range(0, 39), AxisScale.LINEAR, most)).as("at most %d", most)
                    .hasSizeLessThanOrEqualTo(most).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void timeStepTicksHaveNoHalves() {
        assertThat(labels(AxisTicks.ticks(new Range(0, 4), AxisScale.LINEAR, 20, 1)))
                .containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void aSingleValueGetsRoomAroundIt() {
        Range r = AxisTicks.range(3, 3, AxisScale.LINEAR);
        assertThat(r.min()).isLessThan(3);
        assertThat(r.max()).isGreaterThan(3);
    }

    @Test
    void aRangeNeedsFiniteOrderedEnds() {
        assertThatThrownBy(() -> new Range(1, 1)).hasMessageContaining("min < max");
        assertThatThrownBy(() -> new Range(0, Double.NaN)).hasMessageContaining("finite");
    }
}
