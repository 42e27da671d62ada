package org.seqlab.debug;

import java.util.Map;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.model.graph.Flow;

/**
 * One recorded forward and backward pass.
 *
 * @param trace every op, forward then backward
 * @param loss the loss (null when the model declares none: then only the forward pass is recorded)
 * @param outputs the model's named outputs
 * @param parameters the parameters by state_dict name, their gradients filled in by the backward pass; these
 *     are the model's own tensors, so the next pass recorded on the same model replaces their gradients (read
 *     them, or take a {@link GradientFlow}, before recording again)
 * @param inputs every input the model ran on, those made by default rules included
 *     ({@code GraphInputs.complete}): what the graph view draws as input boxes
 */
public record Recording(Trace trace, Tensor loss, Map<String, Tensor> outputs, Map<String, Tensor> parameters,
                        Map<String, Flow> inputs) {
    public Recording {
        outputs = Map.copyOf(outputs);
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
