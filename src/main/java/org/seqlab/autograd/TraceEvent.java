package org.seqlab.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One op, forward or backward, as recorded on a {@link Tape}.
 *
 * @param index position in the trace (forward events first, then backward events in execution order)
 * @param phase forward or backward
 * @param op the op's catalogue name
 * @param label its hierarchical label, e.g. {@code encoder/lstm0/t3/forget_gate}
 * @param inputIds ids of the op's input tensors
 * @param inputShapes their shapes
 * @param outputId id of the op's output tensor
 * @param outputShape its shape
 * @param value forward: the output value; backward: dL/d(output), the gradient flowing into the op
 * @param gradients backward: dL/d(input i) per input, null where that input needs no gradient;
 *     forward: empty
 * @param saved the intermediates the op's backward uses, under the names it uses
 */
public record TraceEvent(
        int index,
        Phase phase,
        String op,
        String label,
        List<Long> inputIds,
        List<Shape> inputShapes,
        long outputId,
        Shape outputShape,
        Tensor value,
        List<Tensor> gradients,
        Map<String, Tensor> saved) {

    public TraceEvent {
        inputIds = List.copyOf(inputIds);
        inputShapes = List.copyOf(inputShapes);
        gradients = Collections.unmodifiableList(new ArrayList<>(gradients));
        saved = Collections.unmodifiableMap(new LinkedHashMap<>(saved));
    }

    /** The gradient produced for input {@code i}, or null. */
    public Tensor gradient(int i) {
        return i < gradients.size() ? gradients.get(i) : null;
    }

    @Override
    public String toString() {
        return "#" + index + " " + phase + " " + op + " [" + label + "] " + inputShapes + " -> " + outputShape;
    }
}
