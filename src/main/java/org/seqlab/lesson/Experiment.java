package org.seqlab.lesson;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One experiment of the curriculum.
 *
 * @param id its number, as users type it ({@code 01} … {@code 09})
 * @param title a few words
 * @param lesson what it shows and what to look at, a paragraph
 * @param template the model template it trains ({@code seqlab templates})
 * @param panels the app panels it opens, by id ({@code gates}, {@code attention}, {@code gradient-flow}, …)
 * @param defaultSteps its training length when the user gives none
 * @param dataHelp which files {@code --data} takes, in order, and what it does without them
 * @param variants its settings ({@code --variant key=value,…}) with their defaults and what they mean
 * @param preparer builds the run
 */
public record Experiment(String id, Text title, Text lesson, String template, List<String> panels, long defaultSteps,
                         Text dataHelp, Map<String, String> variants, Preparer preparer) {

    /** Builds a run of the experiment from options. */
    @FunctionalInterface
    public interface Preparer {
        Prepared prepare(Experiment experiment, ExperimentOptions options);
    }

    public Experiment {
        Objects.requireNonNull(id, "id");
        panels = List.copyOf(panels);
        variants = Map.copyOf(variants);
        if (defaultSteps < 1) {
            throw new IllegalArgumentException("defaultSteps must be ≥ 1");
        }
    }

    /** The model, task, optimizer, schedule and evaluation of a run with these options. */
    public Prepared prepare(ExperimentOptions options) {
        return preparer.prepare(this, options);
    }

    /** The variant of {@code options}, checked against this experiment's settings. */
    Variant variant(ExperimentOptions options) {
        return Variant.parse(id, options.variant(), variants);
    }
}
