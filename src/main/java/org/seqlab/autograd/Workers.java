package org.seqlab.autograd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that share the work of one large op when the lab runs on more than one thread: the caller and
 * {@code ways - 1} resident helpers ({@link Backend#setThreads} sets how many). {@link #forRuns} cuts an index
 * range into one run per thread and runs them at once; the matrix products ({@link Gemm}) and the fused kernels
 * of the recurrent steps use it.
 *
 * <p>The helpers spin for a short while after a run (a training step asks for work every few hundred
 * microseconds), then park; the caller takes back any run a helper has not started, so the work never waits for a
 * helper to wake. A second caller while the helpers are busy (a recording beside a training run) does its work
 * alone. A run must not itself call {@link #forRuns} to share (it does its work alone if it does).
 */
public final class Workers {
    /** How long a helper spins for its next run before it parks. */
    private static final long SPIN_NANOS = 2_000_000L;

    private static volatile Helper[] helpers = new Helper[0];
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicLong SHARED = new java.util.concurrent.atomic.AtomicLong();

    private Workers() {
    }

    /** The work of indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Uses {@code ways} threads (the caller and {@code ways - 1} helpers); 1 does all work on the caller's thread.
     * Helpers no longer needed stop.
     */
    public static synchronized void setWays(int ways) {
        if (ways < 1) {
            throw new IllegalArgumentException("ways must be at least 1; found " + ways);
        }
        Helper[] old = helpers;
        if (old.length == ways - 1) {
            return;
        }
        Helper[] now = new Helper[ways - 1];
        for (int i = 0; i < now.length; i++) {
            now[i] = i < old.length ? old[i] : Helper.start(i + 1);
        }
        for (int i = now.length; i < old.length; i++) {
            old[i].stop();
        }
        helpers = now;
    }

    /** How many times work has been shared among threads since the process started. */
    public static long sharedCount() {
        return SHARED.get();
    }

    /** How many threads share an op's work. */
    public static int ways() {
        return helpers.length + 1;
    }

    /**
     * Runs {@code body} over {@code [0, n)}: when {@code share} and there are helpers free, cut into one run per
     * thread (cuts at multiples of {@code align}, no run shorter than it), the first run on the caller's thread;
     * otherwise in one run on the caller's. Returns when every run is done; rethrows what a run threw.
     */
    public static void forRuns(int n, int align, boolean share, Range body) {
        Helper[] pool = helpers;
        int parts = Math.min(pool.length + 1, n / Math.max(1, align));
        if (!share || parts < 2 || !CLAIMED.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            SHARED.incrementAndGet();
            int[] cut = new int[parts + 1];
            for (int i = 1; i < parts; i++) {
                cut[i] = Math.min(n, (int) Math.round((double) n * i / parts / align) * align);
            }
            cut[parts] = n;
            Task[] tasks = new Task[parts];
            for (int i = 0; i < parts; i++) {
                int from = cut[i];
                int to = cut[i + 1];
                tasks[i] = new Task(() -> body.run(from, to));
            }
            for (int i = 1; i < parts; i++) {
                pool[i - 1].give(tasks[i]);
            }
            tasks[0].runIfFree();
            for (int i = 1; i < parts; i++) {
                pool[i - 1].finish(tasks[i]);
            }
            tasks[0].rethrow();
        } finally {
            CLAIMED.set(false);
        }
    }

    /** A run given to a helper: taken by exactly one thread (the helper, or the caller taking it back). */
    private static final class Task {
        final Runnable work;
        final AtomicBoolean taken = new AtomicBoolean();
        volatile boolean done;
        volatile Throwable failure;

        Task(Runnable work) {
            this.work = work;
        }

        /** Runs the work if no other thread has taken it; returns whether this thread ran it. */
        boolean runIfFree() {
            if (!taken.compareAndSet(false, true)) {
                return false;
            }
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
            }
            return true;
        }

        /** Throws what the work threw, if it did. */
        void rethrow() {
            Throwable f = failure;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }
    }

    /** A resident thread that does runs of shared work. */
    private static final class Helper implements Runnable {
        private final AtomicReference<Task> slot = new AtomicReference<>();
        private volatile boolean parked;
        private volatile boolean stopped;
        private Thread thread;

        static Helper start(int index) {
            Helper h = new Helper();
            h.thread = new Thread(h, "seqlab-worker-" + index);
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        void give(Task task) {
            slot.set(task);
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /** Waits for the task, taking it back if the helper has not started it; rethrows its failure. */
        void finish(Task task) {
            if (task.runIfFree()) {
                slot.compareAndSet(task, null);
            } else {
                while (!task.done) {
                    Thread.onSpinWait();
                }
            }
            task.rethrow();
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long last = System.nanoTime();
            while (!stopped) {
                Task t = slot.getAndSet(null);
                if (t != null) {
                    t.runIfFree();
                    last = System.nanoTime();
                } else if (System.nanoTime() - last < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (slot.get() == null && !stopped) {
                        LockSupport.parkNanos(this, 100_000_000L);
                    }
                    parked = false;
                    last = System.nanoTime();
                }
            }
        }
    }
}
