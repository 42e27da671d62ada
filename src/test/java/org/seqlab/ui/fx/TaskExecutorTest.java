package org.seqlab.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class TaskExecutorTest {

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        // through TestFX, never Platform.startup: TestFX tests later in this JVM could not start it again
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void fxExecutorRunsWorkInTheBackgroundAndDeliversOnTheFxThread() throws Exception {
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<Boolean> deliveredOnFx = new CompletableFuture<>();
        AtomicReference<Integer> result = new AtomicReference<>();
        try (TaskExecutor executor = new FxTaskExecutor()) {
            executor.submit(() -> {
                workThread.complete(Thread.currentThread().getName());
                return Platform.isFxApplicationThread() ? -1 : 42;
            }, value -> {
                result.set(value);
                deliveredOnFx.complete(Platform.isFxApplicationThread());
            }, deliveredOnFx::completeExceptionally);

            assertThat(deliveredOnFx.get(10, TimeUnit.SECONDS)).as("result delivered on the FX thread").isTrue();
        }
        assertThat(workThread.get()).startsWith("seqlab-worker-");
        assertThat(result.get()).isEqualTo(42);
    }

    @Test
    void fxExecutorDeliversFailuresIncludingErrorsOnTheFxThread() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Boolean> onFx = new CompletableFuture<>();
        try (TaskExecutor executor = new FxTaskExecutor()) {
            executor.submit(() -> {
                throw new UnsatisfiedLinkError("no natives");
            }, value -> failure.completeExceptionally(new AssertionError("unexpected success")), t -> {
                onFx.complete(Platform.isFxApplicationThread());
                failure.complete(t);
            });

            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(UnsatisfiedLinkError.class)
                    .hasMessage("no natives");
            assertThat(onFx.get()).isTrue();
        }
    }

    @Test
    void sameThreadExecutorRunsEverythingOnTheCaller() {
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<String> delivered = new AtomicReference<>();
        SameThreadTaskExecutor executor = new SameThreadTaskExecutor();

        executor.submit(() -> {
            ranOn.set(Thread.currentThread());
            return "done";
        }, delivered::set, t -> delivered.set("failed: " + t));

        assertThat(ranOn.get()).isSameAs(caller);
        assertThat(delivered.get()).isEqualTo("done");
    }

    @Test
    void sameThreadExecutorHandsCheckedExceptionsToOnFailure() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        new SameThreadTaskExecutor().submit(() -> {
            throw new java.io.IOException("disk full");
        }, v -> { }, failure::set);

        assertThat(failure.get()).isInstanceOf(java.io.IOException.class).hasMessage("disk full");
    }

    @Test
    void closedSameThreadExecutorRefusesWork() {
        SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
        executor.close();

        assertThatThrownBy(() -> executor.submit(() -> 1, v -> { }, t -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
