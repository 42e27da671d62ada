package org.seqlab.ui.fx;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a {@link FrameTimeProbe} saw: the intervals between consecutive frames of the FX thread. At 60 Hz a frame
 * comes every 16.7 ms; an interval of more than two frames means the FX thread was busy for longer than a frame
 * (with work of its own, a long CSS or layout pass, or a hand-off from the background that did too much).
 *
 * @param frames the intervals measured (one fewer than the frames seen)
 * @param medianMs the median interval, in milliseconds
 * @param p99Ms the 99th percentile interval (nearest rank), in milliseconds
 * @param maxMs the longest interval, in milliseconds
 * @param longFrames how many intervals were longer than {@link #LONG_FRAME_MS}
 */
public record FrameTimes(int frames, double medianMs, double p99Ms, double maxMs, int longFrames) {

    /** An interval longer than this many milliseconds (two frames at 60 Hz) dropped at least one frame. */
    public static final double LONG_FRAME_MS = 2 * 1000.0 / 60;

    /** No interval measured. */
    public static final FrameTimes NONE = new FrameTimes(0, 0, 0, 0, 0);

    /** The figures of the first {@code count} intervals of {@code intervalsNanos} (left unchanged). */
    public static FrameTimes of(long[] intervalsNanos, int count) {
        if (count < 0 || count > intervalsNanos.length) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + intervalsNanos.length);
        }
        if (count == 0) {
            return NONE;
        }
        long[] sorted = Arrays.copyOf(intervalsNanos, count);
        Arrays.sort(sorted);
        int longFrames = 0;
        for (long v : sorted) {
            if (v / 1e6 > LONG_FRAME_MS) {
                longFrames++;
            }
        }
        double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
        long p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * count) - 1)];
        return new FrameTimes(count, median / 1e6, p99 / 1e6, sorted[count - 1] / 1e6, longFrames);
    }

    /** One line for a log: "120 frame intervals: median 16.7 ms, p99 18.0 ms, longest 20.1 ms, 0 over 33.3 ms". */
    public String summary() {
        return String.format(Locale.ROOT, "%d frame intervals: median %.1f ms, p99 %.1f ms, longest %.1f ms,"
                + " %d over %.1f ms", frames, medianMs, p99Ms, maxMs, longFrames, LONG_FRAME_MS);
    }
}
