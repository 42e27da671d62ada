package org.seqlab.autograd.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.seqlab.autograd.Tensor;

/**
 * One gradient check: a function of some inputs, and the inputs to check it at. The inputs that
 * {@link Tensor#requiresGrad()} are checked; integer ids and masks ride along unchanged.
 *
 * @param op the catalogue name of the op under check
 * @param description the shapes and options of this case, e.g. {@code (2,1,4) + (3,1)}
 * @param inputs the point to check at
 * @param f the function; it must build its result from its argument list only
 */
public record GradCase(String op, String description, List<Tensor> inputs, Function<List<Tensor>, Tensor> f) {
    public GradCase {
        inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
    }

    /** Runs this case with the default options. */
    public GradCheck.Result run() {
        return GradCheck.check(op + " " + description, f, inputs, GradCheck.Options.defaults());
    }
}
