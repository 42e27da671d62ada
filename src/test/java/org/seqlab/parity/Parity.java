package org.seqlab.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.io.safetensors.Safetensors;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one parity helper: runs a SeqLab computation and the same computation in PyTorch 2.7.1 (through
 * DJL) on identical inputs, then compares, in this order and each with a labelled message:
 * <ol>
 *   <li>the shape of every output,</li>
 *   <li>the dtype of every output,</li>
 *   <li>the values of every output,</li>
 *   <li>the gradient of every differentiable input, then of every parameter of the module under test (by
 *       {@code state_dict} name), after a backward pass from the same upstream gradients on both sides:
 *       a fixed random tensor {@code G_i} shaped like output {@code i}. SeqLab seeds {@code backward(out, G_0)}
 *       when there is one output, and runs backward from {@code sum_i sum(out_i * G_i)} when there are
 *       several; PyTorch always runs backward from {@code sum_i sum(out_i * G_i)}, whose gradient with
 *       respect to {@code out_i} is exactly {@code G_i}.</li>
 * </ol>
 * Tolerances (maximum absolute difference) are {@link Tolerance#OPS} unless a check sets its own
 * ({@link Tolerance#LAYERS} for composite layers).
 *
 * <p>A module's parameters reach both sides through one safetensors file: {@link #module} writes the
 * module's state dict with {@link Safetensors#write}, reads the file back with {@link Safetensors#read},
 * loads what it read into the module ({@link Module#loadStateDict}, which also checks every name and shape)
 * and hands the same tensors to the PyTorch side as {@link NDArray}s by {@code state_dict} name.
 *
 * <pre>{@code
 * Parity.of("softmax over axis 1")
 *       .input(Tensor.randn(dtype, 1, 3, 4))
 *       .check(x -> F.softmax(x[0], 1), t -> t[0].softmax(1));
 *
 * Parity.of("nn.LSTM")
 *       .module(lstm)
 *       .input("x", x)
 *       .outputs("output", "h_n", "c_n")
 *       .tolerance(Tolerance.LAYERS)
 *       .checkOutputs(in -> ...seqlab outputs..., (t, weights) -> ...pytorch outputs...);
 * }</pre>
 */
public final class Parity {
    private static final Logger LOG = LoggerFactory.getLogger(Parity.class);

    /** float64 tolerance on values of single ops. */
    public static final double FLOAT64_VALUES = 1e-9;
    /** float64 tolerance on gradients of single ops. */
    public static final double FLOAT64_GRADIENTS = 1e-8;
    /** float32 tolerance on values and gradients. */
    public static final double FLOAT32 = 1e-5;

    private static final long UPSTREAM_SEED = 20250812L;

    private final String name;
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<String> inputNames = new ArrayList<>();
    private final List<Boolean> differentiable = new ArrayList<>();
    private Module module;
    private List<String> outputNames = List.of("");
    private Tolerance tolerance = Tolerance.OPS;

    private Parity(String name) {
        this.name = name;
    }

    /** Starts a comparison; {@code name} (and the dtype, appended) labels every failure message. */
    public static Parity of(String name) {
        return new Parity(name);
    }

    /**
     * The maximum absolute differences a check accepts, per dtype: on output values and on gradients.
     *
     * @param float64Values on float64 outputs
     * @param float64Gradients on float64 gradients
     * @param float32Values on float32 outputs
     * @param float32Gradients on float32 gradients
     */
    public record Tolerance(double float64Values, double float64Gradients, double float32Values,
                            double float32Gradients) {
        /** Single ops: float64 values {@code < 1e-9}, gradients {@code < 1e-8}; float32 {@code < 1e-5}. */
        public static final Tolerance OPS = new Tolerance(FLOAT64_VALUES, FLOAT64_GRADIENTS, FLOAT32, FLOAT32);
        /** Composite layers (issue 3): float64 {@code < 1e-8}, float32 {@code < 1e-5}, values and gradients. */
        public static final Tolerance LAYERS = new Tolerance(1e-8, 1e-8, FLOAT32, FLOAT32);

        public Tolerance {
            for (double t : new double[] {float64Values, float64Gradients, float32Values, float32Gradients}) {
                if (!(t > 0) || Double.isInfinite(t)) {
                    throw new IllegalArgumentException("a tolerance is a positive finite number; found " + t);
                }
            }
        }

        double values(DType dtype) {
            return dtype == DType.FLOAT64 ? float64Values : float32Values;
        }

        double gradients(DType dtype) {
            return dtype == DType.FLOAT64 ? float64Gradients : float32Gradients;
        }
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
        return add("", values, true);
    }

    /** A differentiable input named in failure messages ({@code gradient of input 1 (h0)}). */
    public Parity input(String inputName, Tensor values) {
        return add(inputName, values, true);
    }

    /** A constant input (targets, masks): both sides get its values; no gradient. */
    public Parity constant(Tensor values) {
        return add("", values, false);
    }

    private Parity add(String inputName, Tensor values, boolean grad) {
        if (grad && !values.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": input " + inputs.size() + " is " + values.dtype()
                    + "; only float inputs have gradients: pass it with constant(...)");
        }
        inputs.add(values.detach());
        inputNames.add(inputName.isEmpty() ? values.label() : inputName);
        differentiable.add(grad);
        return this;
    }

    /**
     * The module under test: every parameter goes to both sides through one safetensors file (see the class
     * comment), and every parameter's gradient is compared, by {@code state_dict} name, after the inputs'.
     * The SeqLab computation must run this module; the PyTorch computation gets the parameters as its
     * second argument ({@link #checkOutputs}). Tied weights are not supported (PyTorch would see two tensors).
     */
    public Parity module(Module m) {
        for (Map.Entry<String, Parameter> e : m.parameterSlots().entrySet()) {
            if (e.getValue().tiedTo() != null) {
                throw new IllegalArgumentException(name + ": parameter '" + e.getKey() + "' is tied to another; "
                        + "a parity check compares untied parameters only");
            }
        }
        this.module = m;
        return this;
    }

    /** Names the outputs of {@link #checkOutputs}, in the order both computations return them. */
    public Parity outputs(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException(name + ": name at least one output");
        }
        this.outputNames = List.of(names);
        return this;
    }

    /** This check's tolerances, instead of {@link Tolerance#OPS}. */
    public Parity tolerance(Tolerance t) {
        this.tolerance = t;
        return this;
    }

    /**
     * Runs both computations and asserts parity of their single output.
     *
     * @param seqlab the computation in SeqLab, on the inputs in the order they were added
     * @param torch  the same computation in PyTorch through DJL, on the same inputs as {@link NDArray}s of
     *               the same dtype (int64 for index constants) and shape
     * @return the measured differences, for reports
     */
    public Result check(Function<Tensor[], Tensor> seqlab, Function<NDArray[], NDArray> torch) {
        if (outputNames.size() != 1) {
            throw new IllegalArgumentException(name + ": " + outputNames.size() + " outputs are named; check(...) "
                    + "compares one, checkOutputs(...) several");
        }
        return checkOutputs(x -> List.of(seqlab.apply(x)), (t, weights) -> List.of(torch.apply(t)));
    }

    /** The SeqLab side of {@link #checkOutputs}: the inputs to the outputs, in the order of {@link #outputs}. */
    @FunctionalInterface
    public interface SeqLabOutputs {
        List<Tensor> apply(Tensor[] inputs);
    }

    /**
     * The PyTorch side of {@link #checkOutputs}: the inputs, and the module's parameters by {@code state_dict}
     * name (empty without a module), to the outputs in the order of {@link #outputs}.
     */
    @FunctionalInterface
    public interface PyTorchOutputs {
        List<NDArray> apply(NDArray[] inputs, Map<String, NDArray> parameters);
    }

    /**
     * Runs both computations and asserts parity of every output, then of the gradients of every input and
     * of every parameter of the {@link #module}.
     *
     * @return the measured differences, for reports
     */
    public Result checkOutputs(SeqLabOutputs seqlab, PyTorchOutputs torch) {
        DType dtype = floatDType();
        String label = name + " " + dtype.displayName();
        double valueTol = tolerance.values(dtype);
        double gradTol = tolerance.gradients(dtype);

        Map<String, Tensor> weights = module == null ? Map.of() : throughSafetensors(module);
        Side ours = runSeqLab(seqlab, weights);
        Side theirs = runPyTorch(torch, weights);

        for (int o = 0; o < outputNames.size(); o++) {
            if (!Arrays.equals(ours.shapes[o], theirs.shapes[o])) {
                throw new AssertionError(label + " " + output(o) + "shape: SeqLab " + shape(ours.shapes[o])
                        + " but PyTorch " + shape(theirs.shapes[o]));
            }
        }
        for (int o = 0; o < outputNames.size(); o++) {
            if (ours.dtypes[o] != theirs.dtypes[o]) {
                throw new AssertionError(label + " " + output(o) + "dtype: SeqLab " + ours.dtypes[o].displayName()
                        + " but PyTorch " + theirs.dtypes[o].displayName());
            }
        }
        Map<String, Double> outputDiffs = new LinkedHashMap<>();
        double maxValues = 0;
        for (int o = 0; o < outputNames.size(); o++) {
            Diff values = Diff.of(ours.values[o], theirs.values[o]);
            String what = outputNames.get(o).isEmpty() ? "values" : "output '" + outputNames.get(o) + "' values";
            assertWithin(label + " " + what, values, ours.shapes[o], valueTol);
            outputDiffs.put(outputNames.get(o), values.max);
            maxValues = Math.max(maxValues, values.max);
        }
        double[] gradDiffs = new double[inputs.size()];
        Arrays.fill(gradDiffs, Double.NaN);
        for (int i = 0; i < inputs.size(); i++) {
            if (differentiable.get(i)) {
                String what = "gradient of input " + i + (inputNames.get(i).isEmpty() ? ""
                        : " (" + inputNames.get(i) + ")");
                gradDiffs[i] = compare(label + " " + what, ours.grads[i], theirs.grads[i],
                        inputs.get(i).shape().toArray(), gradTol);
            }
        }
        Map<String, Double> paramDiffs = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> w : weights.entrySet()) {
            String p = w.getKey();
            paramDiffs.put(p, compare(label + " gradient of parameter " + p, ours.paramGrads.get(p),
                    theirs.paramGrads.get(p), w.getValue().shape().toArray(), gradTol));
        }
        Result result = new Result(label, maxValues, gradDiffs, Collections.unmodifiableMap(outputDiffs),
                Collections.unmodifiableMap(paramDiffs));
        LOG.debug("{}", result);
        return result;
    }

    private String output(int o) {
        return outputNames.get(o).isEmpty() ? "output " : "output '" + outputNames.get(o) + "' ";
    }

    private static double compare(String what, double[] ours, double[] theirs, long[] shape, double tol) {
        if (ours.length != theirs.length) {
            throw new AssertionError(what + ": SeqLab has " + ours.length + " values but PyTorch " + theirs.length);
        }
        Diff g = Diff.of(ours, theirs);
        assertWithin(what, g, shape, tol);
        return g.max;
    }

    private DType floatDType() {
        DType found = module == null ? null : module.dtype();
        for (Tensor t : inputs) {
            if (t.dtype().isFloating()) {
                if (found != null && found != t.dtype()) {
                    throw new IllegalArgumentException(name + ": inputs " + (module == null ? "" : "and module ")
                            + "mix " + found + " and " + t.dtype() + "; a parity check runs in one float dtype");
                }
                found = t.dtype();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(name + ": give at least one float input");
        }
        return found;
    }

    /**
     * The module's state dict written to a temporary safetensors file and read back: what both sides load,
     * in the module's {@code state_dict} order.
     */
    private static Map<String, Tensor> throughSafetensors(Module m) {
        Map<String, Tensor> state = m.stateDict();
        try {
            Path dir = Files.createTempDirectory("seqlab-parity");
            Path file = dir.resolve("weights.safetensors");
            try {
                Safetensors.write(file, state, Map.of("format", "pt"));
                Map<String, Tensor> read = Safetensors.read(file).tensors();
                if (!read.keySet().equals(state.keySet())) {
                    throw new AssertionError("the safetensors file holds " + read.keySet() + " but the module "
                            + state.keySet());
                }
                Map<String, Tensor> ordered = new LinkedHashMap<>();
                for (String p : state.keySet()) {
                    ordered.put(p, read.get(p));
                }
                return ordered;
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Side runSeqLab(SeqLabOutputs seqlab, Map<String, Tensor> weights) {
        Tensor[] xs = new Tensor[inputs.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = inputs.get(i).copy().requiresGrad(differentiable.get(i));
        }
        if (module != null) {
            Map<String, Tensor> fresh = new LinkedHashMap<>();
            weights.forEach((p, t) -> fresh.put(p, t.copy()));
            module.loadStateDict(fresh);                    // new leaves, no gradient yet
        }
        Side side = new Side(outputNames.size());
        try (Tape tape = Tape.open()) {
            List<Tensor> outs = outputsOf(seqlab.apply(xs));
            for (int o = 0; o < outs.size(); o++) {
                Tensor out = outs.get(o);
                side.shapes[o] = out.shape().toArray();
                side.dtypes[o] = out.dtype();
                side.values[o] = out.toDoubleArray();
            }
            if (outs.size() == 1) {
                if (!outs.get(0).requiresGrad()) {
                    throw new AssertionError(name + ": the SeqLab output does not require a gradient, so no "
                            + "gradient reached any input");
                }
                tape.backward(outs.get(0), upstream(side.dtypes[0], side.shapes[0], 0));
            } else {
                tape.backward(upstreamLoss(outs));
            }
        }
        side.grads = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            if (differentiable.get(i)) {
                side.grads[i] = gradientOf(xs[i]);
            }
        }
        if (module != null) {
            for (Map.Entry<String, Parameter> e : module.parameterSlots().entrySet()) {
                side.paramGrads.put(e.getKey(), gradientOf(e.getValue().get()));
            }
        }
        return side;
    }

    /** {@code sum_i sum(out_i * G_i)} over the outputs that require a gradient: its gradient is G_i at out_i. */
    private Tensor upstreamLoss(List<Tensor> outs) {
        Tensor loss = null;
        for (int o = 0; o < outs.size(); o++) {
            Tensor out = outs.get(o);
            if (out.requiresGrad()) {
                Tensor term = F.sum(F.mul(out, upstream(out.dtype(), out.shape().toArray(), o)));
                loss = loss == null ? term : F.add(loss, term);
            }
        }
        if (loss == null) {
            throw new AssertionError(name + ": no SeqLab output " + outputNames + " requires a gradient, so no "
                    + "gradient reached any input");
        }
        return loss;
    }

    private List<Tensor> outputsOf(List<Tensor> outs) {
        if (outs.size() != outputNames.size()) {
            throw new IllegalArgumentException(name + ": the SeqLab side returned " + outs.size() + " outputs for "
                    + outputNames.size() + " names " + outputNames);
        }
        return outs;
    }

    /** The accumulated gradient; none reached the tensor: zeros, so a PyTorch gradient that is not zero fails. */
    private static double[] gradientOf(Tensor t) {
        Tensor g = t.grad();
        return g == null ? new double[Math.toIntExact(t.numel())] : g.toDoubleArray();
    }

    private Side runPyTorch(PyTorchOutputs torch, Map<String, Tensor> weights) {
        Engine engine = pyTorch();
        Side side = new Side(outputNames.size());
        try (NDManager manager = engine.newBaseManager()) {
            NDArray[] xs = new NDArray[inputs.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = toTorch(manager, inputs.get(i));
            }
            Map<String, NDArray> params = new LinkedHashMap<>();
            weights.forEach((p, t) -> params.put(p, toTorch(manager, t)));
            try (GradientCollector collector = engine.newGradientCollector()) {
                for (int i = 0; i < xs.length; i++) {
                    if (differentiable.get(i)) {
                        xs[i].setRequiresGradient(true);
                    }
                }
                params.values().forEach(p -> p.setRequiresGradient(true));
                List<NDArray> outs = torch.apply(xs, Collections.unmodifiableMap(params));
                if (outs.size() != outputNames.size()) {
                    throw new IllegalArgumentException(name + ": the PyTorch side returned " + outs.size()
                            + " outputs for " + outputNames.size() + " names " + outputNames);
                }
                NDArray loss = null;
                for (int o = 0; o < outs.size(); o++) {
                    NDArray out = outs.get(o);
                    side.shapes[o] = out.getShape().getShape();
                    side.dtypes[o] = fromTorch(out.getDataType());
                    side.values[o] = toDoubles(out);
                    DType gradType = side.dtypes[o].isFloating() ? side.dtypes[o] : DType.FLOAT64;
                    NDArray term = out.mul(toTorch(manager, upstream(gradType, side.shapes[o], o))).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                // NOTE: a GC between forward and backward, on purpose: a buffer the PyTorch graph still reads but
                // Java no longer holds (DJL's number operands, see scalar(...)) is then freed before the backward
                // in most runs, so the mistake fails the check now instead of once in a few dozen suite runs.
                System.gc();
                collector.backward(loss);
                side.grads = new double[xs.length][];
                for (int i = 0; i < xs.length; i++) {
                    if (differentiable.get(i)) {
                        side.grads[i] = toDoubles(xs[i].getGradient());
                    }
                }
                params.forEach((p, a) -> side.paramGrads.put(p, toDoubles(a.getGradient())));
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

    /**
     * Replaces every parameter of {@code m} with normal values, reproducible from {@code seed}: matrices with
     * standard deviation {@code 1/sqrt(columns)}, vectors (biases, norm gains) {@code 0.5}. Modules whose
     * initialisation leaves biases at zero or weights tiny (nanoGPT's N(0, 0.02)) then exercise every
     * parameter with numbers of a model's scale.
     */
    public static void randomizeParameters(Module m, long seed) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        long s = seed;
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            long[] shape = e.getValue().shape().toArray();
            double std = shape.length >= 2 ? 1 / Math.sqrt(shape[shape.length - 1]) : 0.5;
            values.put(e.getKey(), randn(m.dtype(), s++, std, shape));
        }
        m.loadStateDict(values);
    }

    /**
     * A 0-dim tensor of {@code like}'s dtype and manager holding {@code v}: the only safe way to use a constant
     * on the PyTorch side of a check. Never pass a Java number to DJL's arithmetic ({@code mul(0.5)},
     * {@code div(n)}, {@code pow(3)}, ...): DJL wraps it in a tensor over a direct buffer it then closes right
     * after the op, while PyTorch's autograd graph still holds the tensor for the backward pass (mul, div and pow
     * save their operands). The next Java GC frees the buffer and the backward reads freed memory: correct values,
     * wrong gradients, at random (the helper runs a GC before every PyTorch backward so that this fails at once).
     * This tensor stays attached to the manager until the check ends. In float32 the value is rounded to float32,
     * as PyTorch does with a Python scalar.
     */
    public static NDArray scalar(NDArray like, double v) {
        return like.getManager().create(v).toType(like.getDataType(), false);
    }

    /** The fixed upstream gradient {@code G_i} of output {@code i}: standard normal values of its shape. */
    private static Tensor upstream(DType dtype, long[] shape, int output) {
        long seed = UPSTREAM_SEED + output;
        if (shape.length == 0) {
            return Tensor.scalar(dtype, Tensor.randn(DType.FLOAT64, seed, 1).item());
        }
        return Tensor.randn(dtype, seed, shape);
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

    /**
     * The measured maximum absolute differences of one check.
     *
     * @param values the largest over all outputs
     * @param gradients per input; NaN for constants
     * @param outputs per output name ({@code ""} for the single output of {@link #check})
     * @param parameters per parameter of the module, by {@code state_dict} name (empty without a module)
     */
    public record Result(String label, double values, double[] gradients, Map<String, Double> outputs,
                         Map<String, Double> parameters) {
        /** The largest gradient difference over inputs and parameters. */
        public double maxGradient() {
            double max = 0;
            for (double d : gradients) {
                if (!Double.isNaN(d)) {
                    max = Math.max(max, d);
                }
            }
            for (double d : parameters.values()) {
                max = Math.max(max, d);
            }
            return max;
        }

        @Override
        public String toString() {
            StringJoiner g = new StringJoiner(", ", "[", "]");
            for (double d : gradients) {
                g.add(Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2e", d));
            }
            String s = String.format(Locale.ROOT, "%s: values %.2e, gradients %s", label, values, g);
            if (!parameters.isEmpty()) {
                double p = 0;
                for (double d : parameters.values()) {
                    p = Math.max(p, d);
                }
                s += String.format(Locale.ROOT, ", %d parameters max %.2e", parameters.size(), p);
            }
            return s;
        }
    }

    private static final class Side {
        final long[][] shapes;
        final DType[] dtypes;
        final double[][] values;
        double[][] grads;
        final Map<String, double[]> paramGrads = new LinkedHashMap<>();

        Side(int outputs) {
            shapes = new long[outputs][];
            dtypes = new DType[outputs];
            values = new double[outputs][];
        }
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
