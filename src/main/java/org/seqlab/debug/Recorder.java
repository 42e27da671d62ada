package org.seqlab.debug;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.compile.GraphInputs;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

/** Records one pass of a compiled model: record, then replay. Runs on the calling (background) thread. */
public final class Recorder {
    private Recorder() {
    }

    /**
     * Runs the model forward on {@code inputs} and, when it declares a loss, backward from it, on a traced
     * tape. Parameter gradients are cleared first, so they hold exactly this pass's gradients.
     */
    public static Recording record(GraphModel model, Map<String, Flow> inputs, boolean detectNonFinite) {
        model.zeroGrad();
        try (Tape tape = Tape.open(TapeOptions.traced().withNonFiniteDetection(detectNonFinite))) {
            Map<String, Flow> completed = GraphInputs.complete(model.graph(), inputs);
            GraphModel.Run run = model.forward(completed);
            Tensor loss = run.loss();
            if (loss != null) {
                tape.backward(loss);
            }
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            for (String name : model.graph().outputs().keySet()) {
                outputs.put(name, run.output(name));
            }
            return new Recording(tape.trace(), loss, outputs, model.stateDict(), completed);
        }
    }
}
