package org.seqlab.ui.fx;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a {@link FrameTimeProbe} saw: the intervals between consecutive frames of the FX thread, and how much of each
 * interval the FX thread itself spent computing (its CPU time: the pulse's CSS, layout and hand-off to the render
 * thread, and whatever ran on it in between). At 60 Hz a frame comes every 16.7 ms. An interval of more than two
 * frames means a dropped frame; it was the FX thread's own doing when its busy time was long too, and the
 * machine's (other threads holding the cores, the render thread) when only the interval was.
 *
 * @param frames the intervals measured (one fewer than the frames seen)
 * @param medianMs the median interval, in milliseconds
 * @param p99Ms the 99th percentile interval (nearest rank), in milliseconds
 * @param maxMs the longest interval, in milliseconds
 * @param longFrames how many intervals were longer than {@link #LONG_FRAME_MS}
 * @param busyMedianMs the median of the FX thread's CPU time per interval, in milliseconds
 * @param busyP99Ms its 99th percentile (nearest rank)
 * @param busyMaxMs its largest
 * @param busyFrames how many intervals the FX thread spent more than {@link #FRAME_MS} of CPU time in
 */
public record FrameTimes(int frames, double medianMs, double p99Ms, double maxMs, int longFrames,
                         double busyMedianMs, double busyP99Ms, double busyMaxMs, int busyFrames) {

    /** One frame at 60 Hz, in milliseconds. */
    public static final double FRAME_MS = 1000.0 / 60;

    /** An interval longer than this many milliseconds (two frames at 60 Hz) dropped at least one frame. */
    public static final double LONG_FRAME_MS = 2 * FRAME_MS;

    /** No interval measured. */
    public static final FrameTimes NONE = new FrameTimes(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * The figures of the first {@code count} intervals of {@code intervalsNanos} and of the FX thread's CPU time in
     * each, {@code busyNanos} (both left unchanged).
     */
    public static FrameTimes of(long[] intervalsNanos, long[] busyNanos, int count) {
        if (count < 0 || count > intervalsNanos.length || count > busyNanos.length) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + Math.min(intervalsNanos.length,
                    busyNanos.length));
        }
        if (count == 0) {
            return NONE;
        }
        Stats interval = Stats.of(intervalsNanos, count, LONG_FRAME_MS);
        Stats busy = Stats.of(busyNanos, count, FRAME_MS);
        return new FrameTimes(count, interval.median, interval.p99, interval.max, interval.over, busy.median,
                busy.p99, busy.max, busy.over);
    }

    /** Median, p99 (nearest rank), maximum in ms and how many are over {@code limitMs}, of the first count values. */
    private record Stats(double median, double p99, double max, int over) {
        static Stats of(long[] nanos, int count, double limitMs) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            int over = 0;
            for (long v : sorted) {
                if (v / 1e6 > limitMs) {
                    over++;
                }
            }
            double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
            long p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * count) - 1)];
            return new Stats(median / 1e6, p99 / 1e6, sorted[count - 1] / 1e6, over);
        }
    }

    /**
     * One line for a log: "120 frame intervals: median 16.7 ms, p99 18.0 ms, longest 20.1 ms, 0 over 33.3 ms; FX
     * thread busy per interval: median 0.4 ms, p99 3.1 ms, longest 5.2 ms, 0 over 16.7 ms".
     */
    public String summary() {
        return String.format(Locale.ROOT, "%d frame intervals: median %.1f ms, p99 %.1f ms, longest %.1f ms,"
                + " %d over %.1f ms; FX thread busy per interval: median %.1f ms, p99 %.1f ms, longest %.1f ms,"
                + " %d over %.1f ms", frames, medianMs, p99Ms, maxMs, longFrames, LONG_FRAME_MS, busyMedianMs,
                busyP99Ms, busyMaxMs, busyFrames, FRAME_MS);
    }
}
