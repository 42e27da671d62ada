package org.seqlab.train;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.OffHeap;
import org.seqlab.autograd.StepArena;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Module;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Optimizer;

/**
 * Trains a {@link TrainingTask} for {@link TrainConfig#steps()} optimizer steps: each step opens an untraced tape,
 * asks the task for the step's loss, runs backward, clips, and updates at the schedule's learning rate; then it
 * tells the listeners ({@link TrainingEvent.Step}), and every {@code evalEvery} steps it evaluates.
 *
 * <p>It runs on the calling thread ({@link #run()}) or on a thread of its own ({@link #start()}); from any
 * thread it can be paused, resumed, made to take exactly one step while paused, given a new learning rate for the
 * rest of the run, and stopped (each takes effect between two steps).
 *
 * <p><b>Reproducible, so resumable.</b> A step's batch is the task's function of (seed, step), and before each step
 * every {@link Dropout} of the module is reseeded from (seed, step): so the run's random state is its seed and its
 * step. A run restored from a checkpoint (weights, {@link Optimizer#state()}, {@link #resumeAt(long) step})
 * continues with the very losses the uninterrupted run had.
 */
public final class Trainer {

    /** Where a run is. */
    public enum State { READY, RUNNING, PAUSED, FINISHED, STOPPED, FAILED }

    private final TrainingTask task;
    private final Optimizer optimizer;
    private final TrainConfig config;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final CountDownLatch done = new CountDownLatch(1);

    private volatile long step;
    private volatile State state = State.READY;
    private boolean pauseRequested;
    private boolean stopRequested;
    private int stepsAllowedWhilePaused;
    private Double learningRateOverride;
    private Thread thread;

    public Trainer(TrainingTask task, Optimizer optimizer, TrainConfig config) {
        this.task = Objects.requireNonNull(task, "task");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.config = Objects.requireNonNull(config, "config");
    }

    public void addListener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(TrainingListener listener) {
        listeners.remove(listener);
    }

    public TrainConfig config() {
        return config;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The steps completed so far. */
    public long step() {
        return step;
    }

    public State state() {
        return state;
    }

    /**
     * Continues a run restored from a checkpoint: the next step taken is {@code completed + 1}. Call before the run
     * starts, after loading the weights and the optimizer's state.
     */
    public void resumeAt(long completed) {
        if (state != State.READY) {
            throw new IllegalStateException("resumeAt must be called before the run starts; it is " + state);
        }
        if (completed < 0 || completed > config.steps()) {
            throw new SeqLabException("Cannot resume at step " + completed + ": the run has " + config.steps()
                    + " steps. Give a step between 0 and " + config.steps() + ", or more --steps.");
        }
        this.step = completed;
    }

    /** Starts the run on a daemon thread of its own and returns at once. */
    public synchronized Thread start() {
        if (thread != null || state != State.READY) {
            throw new IllegalStateException("This trainer has already run; make a new one for another run.");
        }
        thread = new Thread(this::run, "seqlab-trainer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Pauses after the current step. */
    public void pause() {
        synchronized (lock) {
            pauseRequested = true;
        }
    }

    /** Goes on after a pause. */
    public void resume() {
        synchronized (lock) {
            pauseRequested = false;
            stepsAllowedWhilePaused = 0;
            lock.notifyAll();
        }
    }

    /** While paused: takes exactly one more step, then stays paused. */
    public void stepOnce() {
        synchronized (lock) {
            pauseRequested = true;
            stepsAllowedWhilePaused++;
            lock.notifyAll();
        }
    }

    /** From the next step on, trains at {@code lr} instead of the schedule's rate. */
    public void setLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("The learning rate must be a positive number; found " + lr);
        }
        synchronized (lock) {
            learningRateOverride = lr;
        }
        emit(new TrainingEvent.LearningRateChanged(step, lr));
    }

    /** Stops after the current step (also when paused). */
    public void stop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
    }

    /** Waits until the run has ended; false on timeout. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /** Runs the whole run on this thread (or what is left of it after {@link #resumeAt}). */
    public void run() {
        synchronized (this) {
            if (state != State.READY) {
                throw new IllegalStateException("This trainer has already run; make a new one for another run.");
            }
            state = State.RUNNING;
        }
        emit(new TrainingEvent.Started(step, config.steps()));
        try {
            while (step < config.steps()) {
                if (!waitWhilePaused()) {
                    break;
                }
                advance();
            }
            end(step >= config.steps());
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        } finally {
            StepArena.freeThisThread();
            done.countDown();
        }
    }

    /**
     * Drives the run in slices from the caller's thread, for a caller that shares its thread with other work (the
     * app's one background worker, which also records the debugger's passes): takes steps, evaluating on schedule,
     * until {@code budgetNanos} have passed (at least one step) or the run ends, and returns whether it has ended.
     * The first call starts the run ({@link TrainingEvent.Started}); {@link #pause()}, {@link #stepOnce()},
     * {@link #resume()}, {@link #stop()} and {@link #setLearningRate} work as they do for {@link #run()}, except that
     * a paused run does not block: the slice returns (once {@link TrainingEvent.Paused}), and the next call after
     * {@link #resume()} or {@link #stepOnce()} goes on. A run taken in slices has the very steps, losses and
     * evaluations of the same run taken by {@link #run()}.
     *
     * <p>Run every slice of a run on one thread: the step arena is per thread, and the slice that ends the run
     * frees the arena of the thread it runs on.
     */
    public boolean runSlice(long budgetNanos) {
        boolean first;
        synchronized (this) {
            if (thread != null) {
                throw new IllegalStateException("This trainer runs on a thread of its own (start()); it takes no"
                        + " slices.");
            }
            switch (state) {
                case READY -> first = true;
                case RUNNING, PAUSED -> first = false;
                default -> throw new IllegalStateException("This run has ended (" + state + "); make a new trainer"
                        + " for another run.");
            }
            state = first ? State.RUNNING : state;
        }
        if (first) {
            emit(new TrainingEvent.Started(step, config.steps()));
        }
        long start = System.nanoTime();
        boolean tookOne = false;
        boolean ended = false;
        try {
            while (step < config.steps()) {
                boolean timeUp = tookOne && System.nanoTime() - start >= budgetNanos;
                Gate gate = gate(false, !timeUp);   // past the budget: look, but keep a stepOnce() for the next slice
                if (gate == Gate.STOP) {
                    break;
                }
                if (gate == Gate.PAUSE) {
                    if (state != State.PAUSED) {
                        state = State.PAUSED;
                        emit(new TrainingEvent.Paused(step));
                    }
                    return false;
                }
                if (timeUp) {
                    return false;
                }
                if (state == State.PAUSED) {
                    state = State.RUNNING;
                    emit(new TrainingEvent.Resumed(step));
                }
                advance();
                tookOne = true;
            }
            ended = true;
            end(step >= config.steps());
            return true;
        } catch (RuntimeException | Error e) {
            ended = true;                            // a failed step ends the run
            fail(e);
            throw e;
        } finally {
            if (ended) {
                StepArena.freeThisThread();
                done.countDown();
            }
        }
    }

    /** One step, then the evaluation when the schedule has one after it (the run's last comes at its end). */
    private void advance() {
        takeStep(step + 1);
        if (config.evalEvery() > 0 && step % config.evalEvery() == 0 && step < config.steps()) {
            evaluate();
        }
    }

    /** The run is over: the final evaluation when it completed, then {@link TrainingEvent.Finished}. */
    private void end(boolean completed) {
        if (completed) {
            evaluate();
        }
        state = completed ? State.FINISHED : State.STOPPED;
        emit(new TrainingEvent.Finished(step, completed));
    }

    private void fail(Throwable e) {
        state = State.FAILED;
        emit(new TrainingEvent.Failed(step + 1, e));
    }

    private enum Gate { GO, PAUSE, STOP }

    /**
     * Whether the next step may be taken: {@code GO} (counting down a {@link #stepOnce()} when {@code take}),
     * {@code STOP}, or {@code PAUSE}; with {@code block}, waits while paused instead of answering {@code PAUSE} (an
     * interrupt stops the run).
     */
    private Gate gate(boolean block, boolean take) {
        synchronized (lock) {
            while (true) {
                if (stopRequested) {
                    return Gate.STOP;
                }
                if (!pauseRequested || stepsAllowedWhilePaused > 0) {
                    if (take && stepsAllowedWhilePaused > 0) {
                        stepsAllowedWhilePaused--;
                    }
                    return Gate.GO;
                }
                if (!block) {
                    return Gate.PAUSE;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        }
    }

    /**
     * Blocks while paused, telling the listeners (outside the lock: a listener may call {@link #resume()});
     * false when the run is to stop.
     */
    private boolean waitWhilePaused() {
        Gate gate = gate(false, true);
        if (gate == Gate.PAUSE) {
            state = State.PAUSED;
            emit(new TrainingEvent.Paused(step));
            gate = gate(true, true);
            if (gate == Gate.GO) {
                state = State.RUNNING;
                emit(new TrainingEvent.Resumed(step));
            }
        }
        return gate == Gate.GO;
    }

    /**
     * Takes the next step on the calling thread and returns what it reported, for a caller that drives the steps
     * itself (a benchmark, a test): the very step {@link #run()} takes, listeners told, no evaluation. Only while
     * the run has not started.
     */
    public TrainingEvent.Step takeOneStep() {
        synchronized (this) {
            if (state != State.READY) {
                throw new IllegalStateException("takeOneStep drives a run that has not started; this one is " + state);
            }
        }
        return takeStep(step + 1);
    }

    private TrainingEvent.Step takeStep(long s) {
        Module module = task.module();
        module.train(true);
        reseedDropout(module, config.seed(), s);
        Map<String, Tensor> params = task.parameters();
        optimizer.zeroGrad();
        long start = System.nanoTime();
        TrainingTask.StepLoss out;
        double loss;
        Clipping.Result clip;
        double lr;
        // every array of the step lives in the step's arena and dies with it: only numbers leave this block
        try (StepArena arena = StepArena.open()) {
            try {
                try (Tape tape = Tape.open(TapeOptions.untraced())) {
                    out = task.loss(s, config.seed());
                    tape.backward(out.loss());
                }
                loss = out.loss().item();
                if (!Double.isFinite(loss)) {
                    throw new SeqLabException("Training stopped at step " + s + ": the loss is " + loss + ". Lower"
                            + " the learning rate, clip gradients (--clip), or check the data for empty targets.");
                }
                clip = config.clipping().apply(params.values());
                synchronized (lock) {
                    lr = learningRateOverride != null ? learningRateOverride : config.schedule().rate(s);
                }
                optimizer.step(lr);
            } finally {
                optimizer.zeroGrad();       // the gradients live in the arena
            }
        }
        OffHeap.release();
        double millis = (System.nanoTime() - start) / 1e6;
        step = s;
        TrainingEvent.Step event = new TrainingEvent.Step(s, config.steps(), loss, lr, clip.normBefore(),
                clip.normAfter(), clip.clipped(), out.tokens(), millis, out.metrics());
        emit(event);
        return event;
    }

    private void evaluate() {
        Module module = task.module();
        module.train(false);
        try {
            Map<String, Double> metrics = task.evaluate(step);
            if (!metrics.isEmpty()) {
                emit(new TrainingEvent.Evaluated(step, metrics));
            }
        } finally {
            module.train(true);
        }
    }

    /** Every dropout of {@code module} gets a seed that is a function of (seed, step, its place). */
    static void reseedDropout(Module module, long seed, long step) {
        long i = 0;
        for (Module m : module.modules()) {
            if (m instanceof Dropout d) {
                d.reseed(mix(seed, step, i++));
            }
        }
    }

    /** A well-mixed 64-bit value of three (SplitMix64's finaliser over a combination). */
    static long mix(long seed, long step, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void emit(TrainingEvent e) {
        for (TrainingListener l : listeners) {
            l.on(e);
        }
    }
}
