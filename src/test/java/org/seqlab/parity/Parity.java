package org.seqlab.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one parity helper: runs a SeqLab computation and the same computation in PyTorch 2.7.1 (through
 * DJL) on identical inputs, then compares, in this order and each with a labelled message:
 * <ol>
 *   <li>the output shape,</li>
 *   <li>the output dtype,</li>
 *   <li>the output values,</li>
 *   <li>the gradient of every differentiable input, after a backward pass from the same upstream gradient
 *       on both sides (a fixed random tensor {@code G} shaped like the output: SeqLab seeds
 *       {@code backward(out, G)}, PyTorch runs backward from {@code sum(out * G)}, whose gradient with
 *       respect to {@code out} is exactly {@code G}).</li>
 * </ol>
 * Tolerances (maximum absolute difference): float64 values {@code < 1e-9}, gradients {@code < 1e-8};
 * float32 both {@code < 1e-5}.
 *
 * <pre>{@code
 * Parity.of("softmax over axis 1")
 *       .input(Tensor.randn(dtype, 1, 3, 4))
 *       .check(x -> F.softmax(x[0], 1), t -> t[0].softmax(1));
 * }</pre>
 */
public final class Parity {
    private static final Logger LOG = LoggerFactory.getLogger(Parity.class);

    /** float64 tolerance on values. */
    public static final double FLOAT64_VALUES = 1e-9;
    /** float64 tolerance on gradients. */
    public static final double FLOAT64_GRADIENTS = 1e-8;
    /** float32 tolerance on values and gradients. */
    public static final double FLOAT32 = 1e-5;

    private static final long UPSTREAM_SEED = 20250812L;

    private final String name;
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Boolean> differentiable = new ArrayList<>();

    private Parity(String name) {
        this.name = name;
    }

    /** Starts a comparison; {@code name} (and the dtype, appended) labels every failure message. */
    public static Parity of(String name) {
        return new Parity(name);
    }

    /**
     * The PyTorch engine. The first call loads it: DJL finds {@code native/lib/pytorch.properties} of the
     * {@code pytorch-native-cpu} jar on the classpath and extracts libtorch from it (and {@code libdjl_torch}
     * from the {@code pytorch-jni} jar) into {@code ~/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64}
     * ({@code DJL_CACHE_DIR} / {@code ENGINE_CACHE_DIR} move it). Offline is forced so that a missing jar
     * fails here instead of downloading; surefire sets it too. Do not set {@code PYTORCH_VERSION},
     * {@code PYTORCH_LIBRARY_PATH} or a {@code java.library.path} holding another libtorch: each overrides the jar.
     */
    public static Engine pyTorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine("PyTorch");
    }

    /** A differentiable input: both sides get its values, and both gradients are compared. */
    public Parity input(Tensor values) {
        return add(values, true);
    }

    /** A constant input (targets, masks): both sides get its values; no gradient. */
    public Parity constant(Tensor values) {
        return add(values, false);
    }

    private Parity add(Tensor values, boolean grad) {
        if (grad && !values.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": input " + inputs.size() + " is " + values.dtype()
                    + "; only float inputs have gradients: pass it with constant(...)");
        }
        inputs.add(values.detach());
        differentiable.add(grad);
        return this;
    }

    /**
     * Runs both computations and asserts parity.
     *
     * @param seqlab the computation in SeqLab, on the inputs in the order they were added
     * @param torch  the same computation in PyTorch through DJL, on the same inputs as {@link NDArray}s of
     *               the same dtype (int64 for index constants) and shape
     * @return the measured differences, for reports
     */
    public Result check(Function<Tensor[], Tensor> seqlab, Function<NDArray[], NDArray> torch) {
        DType dtype = floatDType();
        String label = name + " " + dtype.displayName();
        double valueTol = dtype == DType.FLOAT64 ? FLOAT64_VALUES : FLOAT32;
        double gradTol = dtype == DType.FLOAT64 ? FLOAT64_GRADIENTS : FLOAT32;

        Side ours = runSeqLab(seqlab);
        Side theirs = runPyTorch(torch);

        if (!Arrays.equals(ours.shape, theirs.shape)) {
            throw new AssertionError(label + " output shape: SeqLab " + shape(ours.shape) + " but PyTorch "
                    + shape(theirs.shape));
        }
        if (ours.dtype != theirs.dtype) {
            throw new AssertionError(label + " output dtype: SeqLab " + ours.dtype.displayName() + " but PyTorch "
                    + theirs.dtype.displayName());
        }
        Diff values = Diff.of(ours.values, theirs.values);
        assertWithin(label + " values", values, ours.shape, valueTol);
        double[] gradDiffs = new double[inputs.size()];
        Arrays.fill(gradDiffs, Double.NaN);
        for (int i = 0; i < inputs.size(); i++) {
            if (!differentiable.get(i)) {
                continue;
            }
            if (ours.grads[i].length != theirs.grads[i].length) {
                throw new AssertionError(label + " gradient of input " + i + ": SeqLab has " + ours.grads[i].length
                        + " values but PyTorch " + theirs.grads[i].length);
            }
            Diff g = Diff.of(ours.grads[i], theirs.grads[i]);
            assertWithin(label + " gradient of input " + i, g, inputs.get(i).shape().toArray(), gradTol);
            gradDiffs[i] = g.max;
        }
        Result result = new Result(label, values.max, gradDiffs);
        LOG.debug("{}", result);
        return result;
    }

    private DType floatDType() {
        DType found = null;
        for (Tensor t : inputs) {
            if (t.dtype().isFloating()) {
                if (found != null && found != t.dtype()) {
                    throw new IllegalArgumentException(name + ": inputs mix " + found + " and " + t.dtype()
                            + "; a parity check runs in one float dtype");
                }
                found = t.dtype();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(name + ": give at least one float input");
        }
        return found;
    }

    private Side runSeqLab(Function<Tensor[], Tensor> seqlab) {
        Tensor[] xs = new Tensor[inputs.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = inputs.get(i).copy().requiresGrad(differentiable.get(i));
        }
        Side side = new Side();
        try (Tape tape = Tape.open()) {
            Tensor out = seqlab.apply(xs);
            side.shape = out.shape().toArray();
            side.dtype = out.dtype();
            side.values = out.toDoubleArray();
            if (!out.requiresGrad()) {
                throw new AssertionError(name + ": the SeqLab output does not require a gradient, so no gradient "
                        + "reached any input");
            }
            tape.backward(out, upstream(out.dtype(), side.shape));
        }
        side.grads = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            if (differentiable.get(i)) {
                Tensor g = xs[i].grad();
                // No gradient reached this input: compare zeros, so a PyTorch gradient that is not zero fails.
                side.grads[i] = g == null ? new double[Math.toIntExact(xs[i].numel())] : g.toDoubleArray();
            }
        }
        return side;
    }

    private Side runPyTorch(Function<NDArray[], NDArray> torch) {
        Engine engine = pyTorch();
        Side side = new Side();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray[] xs = new NDArray[inputs.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = toTorch(manager, inputs.get(i));
            }
            try (GradientCollector collector = engine.newGradientCollector()) {
                for (int i = 0; i < xs.length; i++) {
                    if (differentiable.get(i)) {
                        xs[i].setRequiresGradient(true);
                    }
                }
                NDArray out = torch.apply(xs);
                side.shape = out.getShape().getShape();
                side.dtype = fromTorch(out.getDataType());
                side.values = toDoubles(out);
                NDArray g = toTorch(manager, upstream(side.dtype.isFloating() ? side.dtype : DType.FLOAT64,
                        side.shape));
                collector.backward(out.mul(g).sum());
                side.grads = new double[xs.length][];
                for (int i = 0; i < xs.length; i++) {
                    if (differentiable.get(i)) {
                        side.grads[i] = toDoubles(xs[i].getGradient());
                    }
                }
            }
        }
        return side;
    }

    /**
     * Normal values with standard deviation {@code std}, reproducible from {@code seed}: inputs scaled as
     * a model would scale them (weights by {@code 1/sqrt(fan_in)}), so that float32 absolute tolerances
     * measure the op, not the size of the numbers.
     */
    public static Tensor randn(DType dtype, long seed, double std, long... shape) {
        double[] d = Tensor.randn(DType.FLOAT64, seed, shape).toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            d[i] *= std;
        }
        return Tensor.of(dtype, d, shape);
    }

    /** The fixed upstream gradient {@code G}: standard normal values of the output's shape. */
    private static Tensor upstream(DType dtype, long[] shape) {
        if (shape.length == 0) {
            return Tensor.scalar(dtype, Tensor.randn(DType.FLOAT64, UPSTREAM_SEED, 1).item());
        }
        return Tensor.randn(dtype, UPSTREAM_SEED, shape);
    }

    /** The same values in PyTorch: same dtype, same shape, row-major. */
    static NDArray toTorch(NDManager manager, Tensor t) {
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(t.shape().toArray());
        switch (t.dtype()) {
            case FLOAT64:
                return manager.create(t.toDoubleArray(), shape);
            case FLOAT32:
                return manager.create(t.toFloatArray(), shape);
            case INT64:
                return manager.create(t.toLongArray(), shape);
            default:
                throw new IllegalArgumentException("no PyTorch dtype for " + t.dtype());
        }
    }

    private static DType fromTorch(DataType type) {
        switch (type) {
            case FLOAT64:
                return DType.FLOAT64;
            case FLOAT32:
                return DType.FLOAT32;
            case INT64:
                return DType.INT64;
            default:
                throw new AssertionError("PyTorch produced dtype " + type + ", which SeqLab does not have");
        }
    }

    private static double[] toDoubles(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a.toDoubleArray()
                : a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static void assertWithin(String what, Diff d, long[] shape, double tol) {
        if (d.max < tol) {
            return;
        }
        throw new AssertionError(String.format(Locale.ROOT,
                "%s: max abs diff %.3g at index %s > %.0e (SeqLab %.17g, PyTorch %.17g)",
                what, d.max, index(d.at, shape), tol, d.ours, d.theirs));
    }

    /** A flat row-major position as a multi-index: {@code (1,2)}. */
    static String index(int flat, long[] shape) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = rest % shape[i];
            rest /= shape[i];
        }
        return shape(idx);
    }

    private static String shape(long[] dims) {
        StringJoiner j = new StringJoiner(",", "(", ")");
        for (long d : dims) {
            j.add(Long.toString(d));
        }
        return j.toString();
    }

    /** The measured maximum absolute differences of one check; {@code gradients[i]} is NaN for constants. */
    public record Result(String label, double values, double[] gradients) {
        @Override
        public String toString() {
            StringJoiner g = new StringJoiner(", ", "[", "]");
            for (double d : gradients) {
                g.add(Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2e", d));
            }
            return String.format(Locale.ROOT, "%s: values %.2e, gradients %s", label, values, g);
        }
    }

    private static final class Side {
        long[] shape;
        DType dtype;
        double[] values;
        double[][] grads;
    }

    /** Largest absolute difference and where; equal infinities and NaN against NaN count as equal. */
    private record Diff(double max, int at, double ours, double theirs) {
        static Diff of(double[] a, double[] b) {
            double max = 0;
            int at = 0;
            for (int i = 0; i < a.length; i++) {
                double d;
                if (a[i] == b[i] || (Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
                    d = 0;
                } else {
                    d = Math.abs(a[i] - b[i]);
                    if (Double.isNaN(d)) {
                        d = Double.POSITIVE_INFINITY;
                    }
                }
                if (d > max) {
                    max = d;
                    at = i;
                }
            }
            return new Diff(max, at, a.length == 0 ? 0 : a[at], b.length == 0 ? 0 : b[at]);
        }
    }
}
