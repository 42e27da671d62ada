package org.seqlab.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTimesTest {

    private static final long MS = 1_000_000;

    @Test
    void summarisesTheIntervalsAndCountsTheFramesThatDroppedOne() {
        long[] intervals = new long[100];
        for (int i = 0; i < 100; i++) {
            intervals[i] = (i < 97 ? 16 : 40 + i) * MS;   // 97 even frames, three long ones (137, 138, 139 ms)
        }
        intervals[5] = 17 * MS;
        FrameTimes t = FrameTimes.of(intervals, new long[100], 100);

        assertThat(t.frames()).isEqualTo(100);
        assertThat(t.medianMs()).isCloseTo(16.0, within(1e-9));
        assertThat(t.p99Ms()).isCloseTo(138.0, within(1e-9));   // nearest rank: the 99th of 100 sorted
        assertThat(t.maxMs()).isCloseTo(139.0, within(1e-9));
        assertThat(t.longFrames()).isEqualTo(3);
        assertThat(t.summary()).isEqualTo("100 frame intervals: median 16.0 ms, p99 138.0 ms, longest 139.0 ms,"
                + " 3 over 33.3 ms; FX thread busy per interval: median 0.0 ms, p99 0.0 ms, longest 0.0 ms,"
                + " 0 over 16.7 ms");
    }

    @Test
    void readsOnlyTheFirstCountIntervalsAndLeavesThemAsTheyWere() {
        long[] intervals = {30 * MS, 10 * MS, 20 * MS, 999 * MS};
        FrameTimes t = FrameTimes.of(intervals, new long[4], 3);

        assertThat(t.frames()).isEqualTo(3);
        assertThat(t.medianMs()).isCloseTo(20.0, within(1e-9));
        assertThat(t.maxMs()).isCloseTo(30.0, within(1e-9));
        assertThat(t.longFrames()).isZero();
        assertThat(intervals).containsExactly(30 * MS, 10 * MS, 20 * MS, 999 * MS);
        assertThat(FrameTimes.of(new long[] {10 * MS, 20 * MS}, new long[2], 2).medianMs())
                .isCloseTo(15.0, within(1e-9));
    }

    @Test
    void noIntervalsAndABadCount() {
        assertThat(FrameTimes.of(new long[3], new long[3], 0)).isEqualTo(FrameTimes.NONE);
        assertThatThrownBy(() -> FrameTimes.of(new long[3], new long[3], 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 4 outside 0..3");
        assertThatThrownBy(() -> FrameTimes.of(new long[5], new long[3], 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 4 outside 0..3");
    }

    @Test
    void tellsTheFxThreadsOwnBusyTimeApartFromALongInterval() {
        long[] intervals = {16 * MS, 60 * MS, 17 * MS, 50 * MS, 16 * MS};
        long[] busy = {2 * MS, 3 * MS, 1 * MS, 40 * MS, 2 * MS};   // the 60 ms interval was not the FX thread's
        FrameTimes t = FrameTimes.of(intervals, busy, 5);

        assertThat(t.longFrames()).isEqualTo(2);
        assertThat(t.busyFrames()).as("intervals with over 16.7 ms of FX-thread CPU time").isEqualTo(1);
        assertThat(t.busyMedianMs()).isCloseTo(2.0, within(1e-9));
        assertThat(t.busyMaxMs()).isCloseTo(40.0, within(1e-9));
        assertThat(t.busyP99Ms()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void theProbeNotesTheIntervalBetweenFramesAndReportsEachPeriodAfresh() {
        List<FrameTimes> reports = new ArrayList<>();
        FrameTimeProbe probe = new FrameTimeProbe(0.1, reports::add);
        long now = 5_000 * MS;
        for (int i = 0; i < 2000; i++) {   // 2,000 frames: more than the probe's first array holds
            probe.frame(now, now / 10);
            now += (i == 3 ? 50 : 16) * MS;
        }

        // a report once 100 ms of frames have passed since the period began; the 50 ms frame is in the first
        assertThat(reports).isNotEmpty();
        assertThat(reports.get(0).longFrames()).isEqualTo(1);
        assertThat(reports.get(0).maxMs()).isCloseTo(50.0, within(1e-9));
        assertThat(reports.subList(1, reports.size())).allSatisfy(r -> {
            assertThat(r.longFrames()).isZero();
            assertThat(r.medianMs()).isCloseTo(16.0, within(1e-9));
        });
        int reported = reports.stream().mapToInt(FrameTimes::frames).sum();
        assertThat(reported + probe.snapshot().frames()).isEqualTo(1999);
    }

    @Test
    void aProbeWithoutReportsKeepsEveryInterval() {
        FrameTimeProbe probe = new FrameTimeProbe();
        for (int i = 0; i < 3000; i++) {
            probe.frame(i * 17 * MS, i * MS);
        }
        assertThat(probe.snapshot().frames()).isEqualTo(2999);
        assertThat(probe.snapshot().maxMs()).isCloseTo(17.0, within(1e-9));
        assertThat(probe.snapshot().busyMaxMs()).as("the CPU clock's advance per frame").isCloseTo(1.0, within(1e-9));
        assertThatThrownBy(() -> new FrameTimeProbe(-1, t -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
