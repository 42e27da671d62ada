package org.seqlab.nn;

import java.util.List;
import org.seqlab.SeqLabException;

/** Weights whose names or shapes do not match the model: every mismatch, in one message. */
public final class WeightsMismatchException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public WeightsMismatchException(List<String> problems) {
        super("The weights do not match the model (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n  - " + String.join("\n  - ", problems)
                + "\nLoad weights saved from this same model definition, or change the model to match them.");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
