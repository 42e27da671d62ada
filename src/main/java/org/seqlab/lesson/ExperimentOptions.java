package org.seqlab.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.seqlab.autograd.DType;

/**
 * How to run an experiment: the user's data files (empty: the experiment's own generated data), the number of steps
 * (0: the experiment's default), the seed, the precision, the variant ({@code key=value,…}; empty: the defaults),
 * fixed vocabularies (from a checkpoint; empty: built from the data) and whether all the data is for evaluation.
 *
 * @param data the user's files, in the order the experiment documents ({@link Experiment#dataHelp()})
 * @param steps optimizer steps; 0 for the experiment's default
 * @param seed the run's seed (data generation, initial weights, batches, dropout)
 * @param dtype the precision of weights and compute
 * @param variant the experiment's settings as {@code key=value} pairs separated by commas, or ""
 * @param vocabularies named token lists to use instead of building them from the data ({@code source},
 *                     {@code target}, {@code labels}, {@code tags}), as a checkpoint records them
 * @param evaluateAll whether every example of the data is held out (for {@code seqlab eval})
 */
public record ExperimentOptions(List<Path> data, long steps, long seed, DType dtype, String variant,
                                Map<String, List<String>> vocabularies, boolean evaluateAll) {
    public ExperimentOptions {
        data = List.copyOf(data);
        variant = variant == null ? "" : variant.strip();
        vocabularies = Map.copyOf(vocabularies);
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be 0 (the default) or more; found " + steps);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("a dtype is needed");
        }
    }

    /** The generated data, the default steps, seed 1, float32, the default variant. */
    public static ExperimentOptions defaults() {
        return new ExperimentOptions(List.of(), 0, 1, DType.FLOAT32, "", Map.of(), false);
    }

    public ExperimentOptions withData(List<Path> files) {
        return new ExperimentOptions(files, steps, seed, dtype, variant, vocabularies, evaluateAll);
    }

    public ExperimentOptions withSteps(long n) {
        return new ExperimentOptions(data, n, seed, dtype, variant, vocabularies, evaluateAll);
    }

    public ExperimentOptions withSeed(long s) {
        return new ExperimentOptions(data, steps, s, dtype, variant, vocabularies, evaluateAll);
    }

    public ExperimentOptions withDtype(DType d) {
        return new ExperimentOptions(data, steps, seed, d, variant, vocabularies, evaluateAll);
    }

    public ExperimentOptions withVariant(String v) {
        return new ExperimentOptions(data, steps, seed, dtype, v, vocabularies, evaluateAll);
    }

    public ExperimentOptions withVocabularies(Map<String, List<String>> v) {
        return new ExperimentOptions(data, steps, seed, dtype, variant, v, evaluateAll);
    }

    public ExperimentOptions withEvaluateAll(boolean all) {
        return new ExperimentOptions(data, steps, seed, dtype, variant, vocabularies, all);
    }

    /** {@link #steps()}, or {@code fallback} when it is 0. */
    public long stepsOr(long fallback) {
        return steps > 0 ? steps : fallback;
    }
}
