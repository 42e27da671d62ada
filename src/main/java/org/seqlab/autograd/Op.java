package org.seqlab.autograd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One differentiable operation: a small final subclass in {@code autograd.ops} holds its forward and
 * its backward side by side. An instance is used once: {@link #run} runs the forward, and when a
 * {@link Tape} records, the tape keeps the instance to call {@link #backward} later.
 *
 * <p>Subclasses save what their backward needs as fields, registered by name with {@link #save} so the
 * trace can show the intermediates the math used ({@code mean}, {@code rstd}, {@code y}).
 */
public abstract class Op {
    private final String name;
    private final Map<String, INDArray> saved = new LinkedHashMap<>();
    private Tensor[] inputs;
    private String label = "";
    /** While {@link #backwardExcept} runs: the inputs whose gradient the tape has summed already. */
    private boolean[] summed;

    protected Op(String name) {
        this.name = name;
    }

    /** The op's catalogue name ({@code matmul}, {@code layer_norm}). */
    public final String name() {
        return name;
    }

    /** The label this application runs under ({@link Scope#labelFor}). */
    public final String label() {
        return label;
    }

    /** Computes the output from the input values. Throw {@link #shapeError} on shapes that do not fit. */
    protected abstract INDArray forward(INDArray[] x);

    /**
     * Given dL/d(output), returns dL/d(input i) for every input that {@link #needsGrad(int)}, each with
     * exactly that input's shape; entries for other inputs may be null.
     */
    protected abstract INDArray[] backward(INDArray gradOut);

    /**
     * Whether this op's input gradient is zero but for a part (a slice, a selected step), so that the untraced tape
     * may call {@link #accumulateInputGradient} instead of {@link #backward}: then the 64 steps cut from one
     * sequence do not make 64 gradients of the whole sequence.
     */
    protected boolean hasPartialInputGradient() {
        return false;
    }

    /**
     * Adds dL/d(input 0) into {@code accumulator} (that input's shape, owned by the tape) in place, writing only
     * the part that is not zero. Only called when {@link #hasPartialInputGradient()}.
     */
    protected void accumulateInputGradient(INDArray gradOut, INDArray accumulator) {
        throw new UnsupportedOperationException(name + " has no partial input gradient");
    }

    /**
     * Whether the tape may add dL/d(input i) straight into that input's gradient sum with
     * {@link #accumulateGradient} (and leave it out of {@link #backward}): a time step's share of a weight's
     * gradient then goes into the weight's sum by one GEMM, with no array of its own. By default the partial
     * input gradient of input 0 ({@link #hasPartialInputGradient()}).
     */
    protected boolean accumulatesGradient(int i) {
        return i == 0 && hasPartialInputGradient();
    }

    /**
     * Adds dL/d(input i) into {@code accumulator} (that input's shape, owned by the tape) in place. Only called
     * when {@link #accumulatesGradient(int)}.
     */
    protected void accumulateGradient(int i, INDArray gradOut, INDArray accumulator) {
        if (i == 0 && hasPartialInputGradient()) {
            accumulateInputGradient(gradOut, accumulator);
        } else {
            throw new UnsupportedOperationException(name + " does not accumulate the gradient of input " + i);
        }
    }

    /**
     * When what {@link #accumulateGradient} adds for input i is a product {@code aᵀ b} (a weight's share of its
     * gradient, {@code gᵀ x}): the two factors {@code {a (rows, n), b (rows, k)}}, so that an untraced tape can
     * stack the factors of every use of the same weight (every time step of a recurrence) and add them all with
     * one GEMM over all their rows; null (the default) when it is not such a product.
     */
    protected INDArray[] gradientFactors(int i, INDArray gradOut) {
        return null;
    }

    /**
     * dL/d(input i) alone, as its own array, for a trace that shows what {@link #accumulateGradient} added
     * (computed when somebody looks). By default from {@link #backward}, or for a partial gradient, zeros with the
     * part added.
     */
    protected INDArray inputGradient(int i, INDArray gradOut) {
        if (i == 0 && hasPartialInputGradient()) {
            INDArray in = inputs[0].array();
            INDArray z = Nd4j.zeros(in.dataType(), in.shape());
            accumulateInputGradient(gradOut, z);
            return z;
        }
        return backward(gradOut)[i];
    }

    /** {@link #backward} with the inputs of {@code summed} left out (the tape has accumulated them). */
    final INDArray[] backwardExcept(boolean[] summed, INDArray gradOut) {
        this.summed = summed;
        try {
            return backward(gradOut);
        } finally {
            this.summed = null;
        }
    }

    /** Whether input {@code i} is an integer index argument (int64, no gradient, exempt from dtype matching). */
    protected boolean isIndexInput(int i) {
        return false;
    }

    /** Whether input {@code i} is a mask (any dtype, non-zero means true; no gradient). */
    protected boolean isMaskInput(int i) {
        return false;
    }

    /** Runs this op on {@code in}: checks dtypes, computes under the current scope label, records if a tape is open. */
    public final Tensor run(Tensor... in) {
        if (inputs != null) {
            throw new IllegalStateException("Op instance " + name + " applied twice; create a new instance per use");
        }
        inputs = in.clone();
        label = Scope.labelFor(name);
        DType dtype = checkDTypes();
        INDArray[] x = new INDArray[in.length];
        for (int i = 0; i < in.length; i++) {
            x[i] = in[i].array();
        }
        Tape tape = Tape.recording();
        INDArray y = forward(x);
        Tensor out = Tensor.wrap(y, label);
        if (tape != null) {
            boolean needs = false;
            for (int i = 0; i < in.length; i++) {
                needs |= differentiable(i) && in[i].requiresGrad();
            }
            if (needs && out.dtype().isFloating()) {
                out.requiresGrad(true);
            }
            tape.recordForward(this, inputs, out);
        }
        return out;
    }

    private DType checkDTypes() {
        DType common = null;
        int first = -1;
        for (int i = 0; i < inputs.length; i++) {
            DType d = inputs[i].dtype();
            if (isMaskInput(i)) {
                continue;
            }
            if (isIndexInput(i)) {
                if (d != DType.INT64) {
                    throw new DTypeException(where() + ": argument " + i + " holds indices and must be int64; found "
                            + d + ". Make it with Tensor.indices(...).");
                }
                continue;
            }
            if (!d.isFloating()) {
                throw new DTypeException(where() + ": argument " + i + " is " + d
                        + " but this op computes on float32 or float64 values: convert it with tensor.to(DType.FLOAT32).");
            }
            if (common == null) {
                common = d;
                first = i;
            } else if (common != d) {
                throw new DTypeException(where() + ": inputs mix " + common + " (argument " + first + ") and " + d
                        + " (argument " + i + "); convert one with tensor.to(DType." + common.name()
                        + ") so both match.");
            }
        }
        return common;
    }

    /** The op's inputs, as given to {@link #run}. */
    protected final Tensor input(int i) {
        return inputs[i];
    }

    protected final int inputCount() {
        return inputs.length;
    }

    /** Whether backward must produce a gradient for input {@code i}. */
    protected final boolean needsGrad(int i) {
        return differentiable(i) && inputs[i].requiresGrad() && (summed == null || !summed[i]);
    }

    private boolean differentiable(int i) {
        return !isIndexInput(i) && !isMaskInput(i);
    }

    /** Registers an intermediate under the name the backward uses; returns it for assignment to a field. */
    protected final INDArray save(String key, INDArray value) {
        saved.put(key, value);
        return value;
    }

    final Map<String, INDArray> saved() {
        return Collections.unmodifiableMap(saved);
    }

    final Tensor[] inputs() {
        return inputs;
    }

    /** "matmul at encoder/t3/gates" (or just the name outside any scope). */
    protected final String where() {
        return label.isEmpty() || label.equals(name) ? name : name + " at " + label;
    }

    /** A shape error: "matmul at enc/t3: (32,64) x (128,512) — inner dimensions 64 and 128 differ". */
    protected final ShapeException shapeError(String detail) {
        StringJoiner shapes = new StringJoiner(" x ");
        for (Tensor t : inputs) {
            shapes.add(t.shape().toString());
        }
        return new ShapeException(where() + ": " + shapes + " \u2014 " + detail);
    }
}
