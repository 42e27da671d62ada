package org.seqlab.train;

import java.util.Map;

/** What a {@link Trainer} reports to its listeners, on its own thread, in order. */
public sealed interface TrainingEvent {

    /** The run started (or resumed from a checkpoint) at step {@code fromStep} of {@code totalSteps}. */
    record Started(long fromStep, long totalSteps) implements TrainingEvent {
    }

    /**
     * One optimizer step finished.
     *
     * @param step the step just taken (1, 2, …)
     * @param totalSteps the run's length
     * @param loss its loss
     * @param learningRate the rate it used
     * @param gradNormBefore the global gradient norm before clipping
     * @param gradNormAfter after clipping
     * @param clipped whether clipping changed the gradients
     * @param tokens the tokens (or examples) of the step
     * @param millis the wall time of the step (forward, backward, update)
     * @param metrics the task's numbers of the step
     */
    record Step(long step, long totalSteps, double loss, double learningRate, double gradNormBefore,
                double gradNormAfter, boolean clipped, long tokens, double millis, Map<String, Double> metrics)
            implements TrainingEvent {
        public Step {
            metrics = Map.copyOf(metrics);
        }

        /** Tokens per second of this step. */
        public double tokensPerSecond() {
            return millis <= 0 ? 0 : tokens * 1000.0 / millis;
        }
    }

    /** Held-out numbers after {@code step}. */
    record Evaluated(long step, Map<String, Double> metrics) implements TrainingEvent {
        public Evaluated {
            metrics = Map.copyOf(metrics);
        }
    }

    /** The learning rate was set by hand from {@code step + 1} on. */
    record LearningRateChanged(long step, double learningRate) implements TrainingEvent {
    }

    /** The run is paused after {@code step}. */
    record Paused(long step) implements TrainingEvent {
    }

    /** The run goes on after {@code step}. */
    record Resumed(long step) implements TrainingEvent {
    }

    /** The run ended: all steps done ({@code completed}) or stopped early. */
    record Finished(long step, boolean completed) implements TrainingEvent {
    }

    /** A step failed (NaN loss, a shape error); the run stops. */
    record Failed(long step, Throwable error) implements TrainingEvent {
    }
}
