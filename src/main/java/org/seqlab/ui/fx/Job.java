package org.seqlab.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * One submitted piece of work: runs it, then hands the result or the failure to its callbacks
 * through {@code delivery}. {@link FutureTask} captures whatever the work throws, errors included.
 */
final class Job<T> extends FutureTask<T> {

    private final Consumer<? super T> onSuccess;
    private final Consumer<? super Throwable> onFailure;
    private final Executor delivery;

    Job(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure,
            Executor delivery) {
        super(work);
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.delivery = delivery;
    }

    @Override
    protected void done() {
        if (isCancelled()) {
            return;
        }
        try {
            T value = get(); // already complete: does not block
            delivery.execute(() -> onSuccess.accept(value));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            delivery.execute(() -> onFailure.accept(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
