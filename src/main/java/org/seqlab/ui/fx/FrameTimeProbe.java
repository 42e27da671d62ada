package org.seqlab.ui.fx;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;

/**
 * Measures how evenly the FX thread draws: an {@link AnimationTimer} notes the time of every frame, so a frame
 * interval longer than a frame is time the FX thread was busy with something else. Start it, do what is to be
 * measured (train with the dashboard open, re-record, scroll), stop it and read the {@link FrameTimes}; or let it
 * report every so many seconds while the app runs ({@code -Dseqlab.frameProbe=SECONDS}).
 *
 * <p>Confined to the FX thread: create, start, read and stop it there. While it runs it asks for a frame every
 * pulse, so the figures include frames that would otherwise not be drawn; it costs one array write per frame.
 */
public final class FrameTimeProbe {

    private final AnimationTimer timer;
    private final long reportEveryNanos;
    private final Consumer<FrameTimes> report;
    private long[] intervals = new long[1024];
    private int count;
    private long last = -1;
    private long windowStart = -1;
    private boolean running;

    /** A probe read with {@link #stop()} or {@link #snapshot()}. */
    public FrameTimeProbe() {
        this(0, times -> { });
    }

    /**
     * A probe that also hands {@code report} the figures of every {@code reportEverySeconds} (0: never) and starts
     * afresh for the next period.
     */
    public FrameTimeProbe(double reportEverySeconds, Consumer<FrameTimes> report) {
        if (!(reportEverySeconds >= 0)) {
            throw new IllegalArgumentException("reportEverySeconds must be 0 or more; found " + reportEverySeconds);
        }
        this.reportEveryNanos = (long) (reportEverySeconds * 1e9);
        this.report = Objects.requireNonNull(report);
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frame(now);
            }
        };
    }

    /** Starts noting frames (again, from nothing). */
    public void start() {
        count = 0;
        last = -1;
        windowStart = -1;
        running = true;
        timer.start();
    }

    /** Whether the probe is noting frames. */
    public boolean running() {
        return running;
    }

    /** The figures so far, without stopping. */
    public FrameTimes snapshot() {
        return FrameTimes.of(intervals, count);
    }

    /** Stops noting frames and returns the figures since {@link #start()} (or since the last report). */
    public FrameTimes stop() {
        timer.stop();
        running = false;
        return snapshot();
    }

    /** One frame at {@code now} (nanoseconds, the timer's clock); package-private for tests of the bookkeeping. */
    void frame(long now) {
        if (last >= 0) {
            if (count == intervals.length) {
                intervals = Arrays.copyOf(intervals, count * 2);
            }
            intervals[count++] = now - last;
        }
        last = now;
        if (windowStart < 0) {
            windowStart = now;
        } else if (reportEveryNanos > 0 && now - windowStart >= reportEveryNanos) {
            report.accept(snapshot());
            count = 0;
            windowStart = now;
        }
    }
}
