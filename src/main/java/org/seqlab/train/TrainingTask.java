package org.seqlab.train;

import java.util.Map;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;

/**
 * What a {@link Trainer} trains, whatever the model: its module (for training mode and dropout), the
 * parameters the optimizer updates, and one step's loss on the batch of that step. A task draws its batch from
 * the step number and the run's seed alone, so that a run resumed at step {@code s} sees the batches the
 * uninterrupted run saw.
 */
public interface TrainingTask {

    /** The model (its dropout masks are reseeded per step by the trainer). */
    Module module();

    /** The trainable parameters by state_dict name (tied weights once). */
    Map<String, Tensor> parameters();

    /**
     * The loss of step {@code step} (1, 2, …) of a run seeded {@code seed}, computed while the trainer's tape
     * is open, with what the step counted.
     */
    StepLoss loss(long step, long seed);

    /**
     * One step's loss and its counts.
     *
     * @param loss the scalar to minimise (recorded on the open tape)
     * @param tokens how many target tokens (or examples) it covers, for tokens/s and perplexity
     * @param metrics more numbers of the step by name (accuracy, …), may be empty
     */
    record StepLoss(Tensor loss, long tokens, Map<String, Double> metrics) {
        public StepLoss {
            metrics = Map.copyOf(metrics);
        }
    }

    /** Numbers on held-out data after step {@code step} (validation loss, accuracy, F1, BLEU); empty by default. */
    default Map<String, Double> evaluate(long step) {
        return Map.of();
    }
}
