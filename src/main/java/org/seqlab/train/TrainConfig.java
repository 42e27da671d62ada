package org.seqlab.train;

import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Schedule;

/**
 * How long and how a run trains.
 *
 * @param steps optimizer steps in the whole run
 * @param schedule the learning rate per step
 * @param clipping gradient clipping before each update
 * @param evalEvery evaluate after every this many steps (0: never; always after the last)
 * @param seed the run's seed: each step's batch and dropout masks are drawn from (seed, step)
 */
public record TrainConfig(long steps, Schedule schedule, Clipping clipping, long evalEvery, long seed) {
    public TrainConfig {
        if (steps < 1) {
            throw new IllegalArgumentException("A run needs at least 1 step; found " + steps);
        }
        if (schedule == null || clipping == null) {
            throw new IllegalArgumentException("A run needs a schedule and a clipping setting");
        }
        if (evalEvery < 0) {
            throw new IllegalArgumentException("evalEvery must be ≥ 0; found " + evalEvery);
        }
    }

    public TrainConfig withSteps(long n) {
        return new TrainConfig(n, schedule, clipping, evalEvery, seed);
    }

    public TrainConfig withSchedule(Schedule s) {
        return new TrainConfig(steps, s, clipping, evalEvery, seed);
    }

    public TrainConfig withClipping(Clipping c) {
        return new TrainConfig(steps, schedule, c, evalEvery, seed);
    }
}
