package org.seqlab.debug;

import java.util.Map;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;

/**
 * One recorded forward and backward pass.
 *
 * @param trace every op, forward then backward
 * @param loss the loss (null when the model declares none: then only the forward pass is recorded)
 * @param outputs the model's named outputs
 * @param parameters the parameters by state_dict name, their gradients filled in by the backward pass; these
 *     are the model's own tensors, so the next pass recorded on the same model replaces their gradients (read
 *     them, or take a {@link GradientFlow}, before recording again)
 */
public record Recording(Trace trace, Tensor loss, Map<String, Tensor> outputs, Map<String, Tensor> parameters) {
    public Recording {
        outputs = Map.copyOf(outputs);
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
