package org.seqlab.train.optim;

import java.util.Map;
import org.seqlab.autograd.Tensor;

/**
 * Updates a fixed set of named parameters from their accumulated gradients. One call of {@link #step(double)}
 * is one update at the given learning rate (the schedule's, so the optimizer holds no schedule); its state
 * (moments, step count) can be read and restored for checkpoints, so a resumed run continues exactly.
 */
public interface Optimizer {

    /** One update of every parameter with a gradient, at learning rate {@code lr}. */
    void step(double lr);

    /** Clears every parameter's gradient. */
    void zeroGrad();

    /** How many steps have been taken. */
    long steps();

    /** The parameters, by name, in the order they were given. */
    Map<String, Tensor> parameters();

    /**
     * The optimizer's state as named tensors (copies): moments by parameter name ({@code exp_avg/NAME}) and the
     * step count ({@code step}), as PyTorch names them in {@code optimizer.state_dict()}.
     */
    Map<String, Tensor> state();

    /** Restores what {@link #state()} returned (same parameters); a missing or misshapen entry is refused. */
    void loadState(Map<String, Tensor> state);
}
