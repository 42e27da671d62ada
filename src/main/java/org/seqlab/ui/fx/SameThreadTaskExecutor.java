package org.seqlab.ui.fx;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A {@link TaskExecutor} that runs the work and its callback right away on the calling thread: for
 * view-model tests without an FX toolkit, and for rendering without a window.
 */
public final class SameThreadTaskExecutor implements TaskExecutor {

    private boolean closed;

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (closed) {
            throw new IllegalStateException("This executor is closed: it accepts no more work.");
        }
        new Job<>(Objects.requireNonNull(work), Objects.requireNonNull(onSuccess),
                Objects.requireNonNull(onFailure), Runnable::run).run();
    }

    @Override
    public void close() {
        closed = true;
    }
}
