package org.seqlab.ui.fx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.animation.AnimationTimer;

/**
 * Measures how evenly the FX thread draws: an {@link AnimationTimer} notes the time of every frame and the FX
 * thread's CPU time at it, so that each frame interval comes with how long the FX thread itself was busy in it
 * (an interval can also be long because other threads held the cores). Start it, do what is to be
 * measured (train with the dashboard open, re-record, scroll), stop it and read the {@link FrameTimes}; or let it
 * report every so many seconds while the app runs ({@code -Dseqlab.frameProbe=SECONDS}).
 *
 * <p>Confined to the FX thread: create, start, read and stop it there. While it runs it asks for a frame every
 * pulse, so the figures include frames that would otherwise not be drawn; it costs a read of the thread's CPU
 * clock and two array writes per frame.
 */
public final class FrameTimeProbe {

    private final AnimationTimer timer;
    private final long reportEveryNanos;
    private final Consumer<FrameTimes> report;
    private final LongSupplier cpuClock;
    private long[] intervals = new long[1024];
    private long[] busy = new long[1024];
    private int count;
    private long last = -1;
    private long lastCpu;
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
        this(reportEverySeconds, report, threadCpuClock());
    }

    /** As above, with the clock of the FX thread's CPU time in nanoseconds (tests give their own). */
    FrameTimeProbe(double reportEverySeconds, Consumer<FrameTimes> report, LongSupplier cpuClock) {
        this.cpuClock = Objects.requireNonNull(cpuClock);
        if (!(reportEverySeconds >= 0)) {
            throw new IllegalArgumentException("reportEverySeconds must be 0 or more; found " + reportEverySeconds);
        }
        this.reportEveryNanos = (long) (reportEverySeconds * 1e9);
        this.report = Objects.requireNonNull(report);
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                frame(now, cpuClock.getAsLong());
            }
        };
    }

    /** The CPU time of the thread that reads it, or 0 always where the JVM cannot measure it. */
    private static LongSupplier threadCpuClock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return () -> 0;
        }
        if (!threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return threads::getCurrentThreadCpuTime;
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
        return FrameTimes.of(intervals, busy, count);
    }

    /** Stops noting frames and returns the figures since {@link #start()} (or since the last report). */
    public FrameTimes stop() {
        timer.stop();
        running = false;
        return snapshot();
    }

    /**
     * One frame at {@code now} (nanoseconds, the timer's clock) with the FX thread's CPU time {@code cpuNow}
     * (nanoseconds); package-private for tests of the bookkeeping.
     */
    void frame(long now, long cpuNow) {
        if (last >= 0) {
            if (count == intervals.length) {
                intervals = Arrays.copyOf(intervals, count * 2);
                busy = Arrays.copyOf(busy, count * 2);
            }
            intervals[count] = now - last;
            busy[count++] = cpuNow - lastCpu;
        }
        last = now;
        lastCpu = cpuNow;
        if (windowStart < 0) {
            windowStart = now;
        } else if (reportEveryNanos > 0 && now - windowStart >= reportEveryNanos) {
            report.accept(snapshot());
            count = 0;
            windowStart = now;
        }
    }
}
