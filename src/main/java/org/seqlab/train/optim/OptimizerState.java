package org.seqlab.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;

/** The bookkeeping the optimizers share: one buffer per parameter, the step count, their saved form. */
final class OptimizerState {

    private OptimizerState() {
    }

    /** A zero buffer shaped and typed like each parameter. */
    static Map<String, Tensor> zerosLike(Map<String, Tensor> parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, Tensor.zeros(p.dtype(), p.shape().toArray())));
        return out;
    }

    /** {@code buffers} under {@code prefix/NAME}, copied. */
    static void save(Map<String, Tensor> into, String prefix, Map<String, Tensor> buffers) {
        buffers.forEach((name, b) -> into.put(prefix + "/" + name, b.copy()));
    }

    static Tensor stepTensor(long steps) {
        return Tensor.scalar(DType.FLOAT64, steps);
    }

    /** Copies {@code prefix/NAME} of {@code state} into each buffer; refuses a missing or misshapen entry. */
    static void load(Map<String, Tensor> state, String prefix, Map<String, Tensor> buffers, String optimizer) {
        for (Map.Entry<String, Tensor> b : buffers.entrySet()) {
            String key = prefix + "/" + b.getKey();
            Tensor saved = state.get(key);
            if (saved == null) {
                throw new SeqLabException("The " + optimizer + " state has no '" + key + "': it was saved for other"
                        + " parameters or another optimizer. Resume with the optimizer and model it was saved with.");
            }
            if (!saved.shape().equals(b.getValue().shape())) {
                throw new SeqLabException("The " + optimizer + " state '" + key + "' has shape " + saved.shape()
                        + "; the parameter has " + b.getValue().shape() + ". Resume with the model it was saved with.");
            }
            Updates.assign(b.getValue(), saved);
        }
    }

    static long loadStep(Map<String, Tensor> state, String optimizer) {
        Tensor step = state.get("step");
        if (step == null || step.numel() != 1) {
            throw new SeqLabException("The " + optimizer + " state has no 'step' count: it is not a saved "
                    + optimizer + " state.");
        }
        return Math.round(step.item());
    }
}
