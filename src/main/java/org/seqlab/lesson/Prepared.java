package org.seqlab.lesson;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.TrainingTask;
import org.seqlab.train.optim.Optimizer;

/**
 * A run of an experiment, ready to train: the compiled model, the training task, the optimizer, the run's config,
 * what its step counts ({@code tokens} or {@code examples}), a line about its data, the vocabularies a checkpoint
 * must keep, the held-out evaluation and what {@code seqlab generate} does with a prompt.
 */
public record Prepared(Experiment experiment, ExperimentOptions options, GraphModel model, TrainingTask task,
                       Optimizer optimizer, TrainConfig config, String unit, String dataSummary,
                       Map<String, List<String>> vocabularies, Evaluation evaluation, Predictor predictor) {

    /** Numbers on the held-out data (the model in evaluation mode, no tape). */
    @FunctionalInterface
    public interface Evaluation {
        Map<String, Double> evaluate();
    }

    /** What the model makes of a prompt: a continuation, a translation, a label, tags. */
    @FunctionalInterface
    public interface Predictor {
        String predict(GenerateRequest request);
    }

    public Prepared {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(predictor, "predictor");
        vocabularies = Map.copyOf(vocabularies);
    }
}
