package org.seqlab.ui.fx;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The app's {@link TaskExecutor}: work runs on a small pool of daemon threads named
 * {@code seqlab-worker-N}; results reach the FX application thread through {@link Platform#runLater}.
 *
 * <p>One worker by default: ND4J and OpenBLAS already use the cores inside each op, and two compute
 * tasks side by side on a small machine only oversubscribe it.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService pool;

    /** An executor with one worker thread. */
    public FxTaskExecutor() {
        this(1);
    }

    public FxTaskExecutor(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.pool = Executors.newFixedThreadPool(workers, new WorkerThreads());
    }

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (pool.isShutdown()) {
            // the window is closing: a result that arrived late (a finished recording) may still ask for
            // follow-up work (a layout); there is nobody left to show it to
            return;
        }
        pool.execute(new Job<>(Objects.requireNonNull(work), Objects.requireNonNull(onSuccess),
                Objects.requireNonNull(onFailure), Platform::runLater));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "seqlab-worker-" + count.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive after the window closes
            return t;
        }
    }
}
