package org.seqlab.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way UI code runs work off the FX application thread. {@code work} runs on a background
 * thread; exactly one of {@code onSuccess} or {@code onFailure} then runs where the implementation
 * delivers results: on the FX thread for {@link FxTaskExecutor}, on the caller's thread for
 * {@link SameThreadTaskExecutor} (tests, headless rendering).
 *
 * <p>One instance is created where the app is assembled and injected into every view-model that
 * needs it; nobody creates threads of their own.
 */
public interface TaskExecutor extends AutoCloseable {

    /**
     * Runs {@code work} in the background and hands its result to {@code onSuccess}, or whatever it
     * threw (an {@link Error} such as a failed native library load included) to {@code onFailure}.
     */
    <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Stops accepting work; work already running is interrupted. */
    @Override
    void close();
}
