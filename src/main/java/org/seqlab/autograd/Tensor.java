package org.seqlab.autograd;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SeqLab's tensor: an ND4J array (the value), its accumulated gradient, a label and a dtype.
 *
 * <p>Values are never changed in place by the engine, so a trace can keep them by reference.
 * Tensors that {@link #requiresGrad()} are the leaves (parameters, inputs under study) and every op
 * output computed from them while a {@link Tape} records.
 */
public final class Tensor {
    static {
        Backend.info();                 // loads the backend once and sets its thread counts (Backend.DEFAULT_THREADS)
    }

    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private final long id;
    /** The values; null while {@link #pending} has not been asked for them yet. */
    private volatile INDArray value;
    /** What computes the values of a deferred tensor (see {@link #deferred}); null once they are made. */
    private java.util.function.Supplier<INDArray> pending;
    private final DType dtype;
    private final Shape shape;
    private volatile String label;
    private boolean requiresGrad;
    private INDArray grad;

    private Tensor(INDArray value, String label, boolean requiresGrad) {
        this.id = NEXT_ID.getAndIncrement();
        this.value = value;
        this.dtype = DType.of(value.dataType());
        this.shape = Shape.of(value.shape());
        this.label = label == null ? "" : label;
        this.requiresGrad = requiresGrad;
    }

    private Tensor(java.util.function.Supplier<INDArray> pending, DType dtype, Shape shape, String label) {
        this.id = NEXT_ID.getAndIncrement();
        this.pending = pending;
        this.dtype = dtype;
        this.shape = shape;
        this.label = label == null ? "" : label;
    }

    // ---- creation -------------------------------------------------------------------------------

    /**
     * Wraps an ND4J array (engine use: ops in {@code autograd.ops}; outside {@code autograd} the
     * architecture rules forbid ND4J). The array must not be changed afterwards.
     */
    public static Tensor wrap(INDArray value, String label) {
        return new Tensor(value, label, false);
    }

    /** A float64 tensor of {@code data} in row-major order. */
    public static Tensor of(double[] data, long... shape) {
        return of(DType.FLOAT64, data, shape);
    }

    /** A tensor of the given float dtype from row-major {@code data}. */
    public static Tensor of(DType dtype, double[] data, long... shape) {
        if (!dtype.isFloating()) {
            throw new DTypeException("Tensor.of makes float tensors; for " + dtype + " use Tensor.indices.");
        }
        checkLength(data.length, shape);
        INDArray a = Nd4j.create(data, shape.clone(), DataType.DOUBLE);
        return new Tensor(dtype == DType.FLOAT64 ? a : a.castTo(dtype.nd4j()), "", false);
    }

    /** A float32 tensor of {@code data} in row-major order. */
    public static Tensor ofFloats(float[] data, long... shape) {
        checkLength(data.length, shape);
        return new Tensor(Nd4j.create(data, shape.clone(), 'c'), "", false);
    }

    /** An int64 tensor of indices (token ids, class targets). */
    public static Tensor indices(long[] data, long... shape) {
        checkLength(data.length, shape);
        return new Tensor(Nd4j.createFromArray(data).reshape('c', shape.clone()), "", false);
    }

    /** An int64 tensor of indices (token ids, class targets). */
    public static Tensor indices(int[] data, long... shape) {
        long[] l = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            l[i] = data[i];
        }
        return indices(l, shape);
    }

    /** A rank-0 float64 tensor. */
    public static Tensor scalar(double v) {
        return scalar(DType.FLOAT64, v);
    }

    /** A rank-0 tensor of the given float dtype. */
    public static Tensor scalar(DType dtype, double v) {
        return new Tensor(Nd4j.scalar(dtype.nd4j(), v), "", false);
    }

    public static Tensor zeros(DType dtype, long... shape) {
        return new Tensor(Nd4j.zeros(dtype.nd4j(), shape.clone()), "", false);
    }

    public static Tensor ones(DType dtype, long... shape) {
        return new Tensor(Nd4j.ones(dtype.nd4j(), shape.clone()), "", false);
    }

    public static Tensor full(DType dtype, double v, long... shape) {
        return new Tensor(Nd4j.valueArrayOf(shape.clone(), v, dtype.nd4j()), "", false);
    }

    /** Standard normal values, reproducible from {@code seed} (Java's SplittableRandom, not ND4J's RNG). */
    public static Tensor randn(DType dtype, long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[Math.toIntExact(Shape.of(shape).numel())];
        for (int i = 0; i < d.length; i++) {
            d[i] = gaussian(rng);
        }
        return of(dtype, d, shape);
    }

    /** Uniform values in [lo, hi), reproducible from {@code seed}. */
    public static Tensor uniform(DType dtype, long seed, double lo, double hi, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[Math.toIntExact(Shape.of(shape).numel())];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return of(dtype, d, shape);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; deterministic across platforms.
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static void checkLength(int length, long[] shape) {
        long n = Shape.of(shape).numel();
        if (n != length) {
            throw new ShapeException("Cannot make a tensor of shape " + Shape.of(shape) + " (" + n
                    + " values) from " + length + " values: give exactly " + n + " values or change the shape.");
        }
    }

    // ---- identity and metadata ------------------------------------------------------------------

    /** Unique within the process; trace events refer to tensors by it. */
    public long id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** Names this tensor (parameters: their state_dict name). Returns this. */
    public Tensor named(String newLabel) {
        this.label = newLabel == null ? "" : newLabel;
        return this;
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    /** Size of dimension {@code dim}; negative counts from the end. */
    public long size(int dim) {
        return shape.size(dim);
    }

    public long numel() {
        return shape.numel();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as one whose gradient backward should compute. Returns this. */
    public Tensor requiresGrad(boolean on) {
        if (on && !dtype.isFloating()) {
            throw new DTypeException("Tensor '" + label + "' holds " + dtype
                    + " indices, which have no gradient: only float32/float64 tensors can require a gradient.");
        }
        this.requiresGrad = on;
        return this;
    }

    /** Engine use only: the ND4J value. Outside {@code autograd}, read values with {@link #toDoubleArray()}. */
    public INDArray array() {
        INDArray v = value;
        return v != null ? v : materialize();
    }

    private synchronized INDArray materialize() {
        if (value == null) {
            INDArray v = pending.get();
            if (!Arrays.equals(v.shape(), shape.toArray()) || DType.of(v.dataType()) != dtype) {
                throw new IllegalStateException("Engine bug: deferred tensor '" + label + "' promised " + dtype + " "
                        + shape + " and computed " + DType.of(v.dataType()) + " " + Shape.of(v.shape()));
            }
            value = v;
            pending = null;
        }
        return value;
    }

    /**
     * A tensor whose values are computed only when first read (then kept): a trace's record of a gradient the tape
     * summed in place, such as one time step's share of a weight's gradient, which a debugger may never look at.
     * {@code compute} must give an array of {@code dtype} and {@code shape} that depends only on arrays nobody
     * changes afterwards.
     */
    static Tensor deferred(DType dtype, Shape shape, String label, java.util.function.Supplier<INDArray> compute) {
        return new Tensor(java.util.Objects.requireNonNull(compute), dtype, shape, label);
    }

    /** Whether the values exist yet (false for a {@link #deferred} tensor nobody has read). */
    boolean materialized() {
        return value != null;
    }

    // ---- gradient -------------------------------------------------------------------------------

    /** The accumulated gradient dL/d(this), or null before any backward reached it. */
    public Tensor grad() {
        INDArray g = grad;
        return g == null ? null : new Tensor(g, label.isEmpty() ? "grad" : label + ".grad", false);
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** The accumulated gradient's own array (not a copy), or null: for {@link Updates}. */
    INDArray gradArray() {
        return grad;
    }

    void accumulateGrad(INDArray g) {
        accumulateGrad(g, false);
    }

    /** Adds {@code g} to the gradient; with {@code adopt} (an array nobody else holds) the first one is kept as is. */
    void accumulateGrad(INDArray g, boolean adopt) {
        grad = grad == null ? (adopt ? g : g.dup()) : grad.add(g);
    }

    // ---- conversion -----------------------------------------------------------------------------

    /** A new leaf with the same values and no gradient history. */
    public Tensor detach() {
        return new Tensor(array(), label, false);
    }

    /** A copy of the values in the given dtype (a new leaf; not recorded). */
    public Tensor to(DType target) {
        INDArray a = target == dtype ? array().dup() : array().castTo(target.nd4j());
        return new Tensor(a, label, false);
    }

    /** A copy of the values (a new leaf, same dtype; not recorded). */
    public Tensor copy() {
        return new Tensor(array().dup(), label, false);
    }

    /** Each thread's chunk the bulk readers copy floats into (no garbage per read: the trace reads thousands). */
    private static final ThreadLocal<float[]> CHUNKS = ThreadLocal.withInitial(() -> new float[8192]);

    /** The values, row-major, as doubles. */
    public double[] toDoubleArray() {
        if (numel() == 0) {
            return new double[0];
        }
        if (shape.rank() == 0) {
            return new double[] {array().getDouble(0)};
        }
        INDArray v = array();
        return widen(inOrder(v) ? v : v.dup('c'));
    }

    /** What {@link #readFloats} hands over: {@code len} floats of the buffer from {@code at}, in {@code chunk}. */
    @FunctionalInterface
    private interface FloatChunk {
        void take(float[] chunk, int at, int len);
    }

    /**
     * Hands the floats of {@code v}'s whole buffer, in buffer order, chunk after chunk in this thread's chunk
     * array: bulk copies out of the native buffer, not one ND4J call per value, and no garbage.
     */
    private static void readFloats(INDArray v, FloatChunk to) {
        java.nio.FloatBuffer b = v.data().asNioFloat();
        float[] chunk = CHUNKS.get();
        for (int at = 0, n = Math.toIntExact(v.length()); at < n; at += chunk.length) {
            int len = Math.min(chunk.length, n - at);
            b.get(at, chunk, 0, len);
            to.take(chunk, at, len);
        }
    }

    /** Whether {@code v}'s buffer holds exactly its values, in row-major order. */
    private static boolean inOrder(INDArray v) {
        return v.offset() == 0 && v.data().length() == v.length() && v.ordering() == 'c'
                && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(v);
    }

    /** The values of an array whose buffer holds exactly them, as doubles, read in bulk (not value by value). */
    private static double[] widen(INDArray v) {
        int n = Math.toIntExact(v.length());
        if (v.dataType() == DataType.FLOAT) {
            double[] d = new double[n];
            readFloats(v, (chunk, at, len) -> {
                for (int i = 0; i < len; i++) {
                    d[at + i] = chunk[i];
                }
            });
            return d;
        }
        if (v.dataType() == DataType.DOUBLE) {
            double[] d = new double[n];
            v.data().asNioDouble().get(0, d, 0, n);
            return d;
        }
        return v.data().asDouble();
    }

    /**
     * Σ x² over the values in double precision, summed in row-major order (so it equals summing the squares of
     * {@link #toDoubleArray()} one by one); read in bulk from the buffer when it holds exactly the values.
     */
    public double sumOfSquares() {
        if (numel() == 0) {
            return 0;
        }
        INDArray v = array();
        if (shape.rank() > 0 && inOrder(v) && v.dataType() == DataType.FLOAT) {
            double[] sum = {0};
            readFloats(v, (chunk, at, len) -> {     // chunk after chunk: the row-major order of the sum
                double acc = sum[0];
                for (int i = 0; i < len; i++) {
                    double x = chunk[i];
                    acc += x * x;
                }
                sum[0] = acc;
            });
            return sum[0];
        }
        double sum = 0;
        for (double x : toDoubleArray()) {
            sum += x * x;
        }
        return sum;
    }

    /**
     * max |x| over the finite values (a masked score's -infinity is no magnitude); NaN when there are none. Read
     * in Java straight from the buffer when it holds exactly the values (no copy, no native op: the graph view asks
     * this of every event of a trace, and an ND4J op costs more than reading a small array).
     */
    public double maxAbsFinite() {
        if (numel() == 0) {
            return Double.NaN;
        }
        INDArray v = array();
        double m = Double.NaN;
        if (v.offset() == 0 && v.data().length() == v.length() && v.dataType() == DataType.FLOAT) {
            float[] best = {-1};                                      // below every |x|: none seen yet
            readFloats(v, (chunk, at, len) -> {                       // any order: a max needs none
                float b = best[0];
                for (int i = 0; i < len; i++) {
                    float a = Math.abs(chunk[i]);
                    if (a > b && a <= Float.MAX_VALUE) {              // false for NaN and ±∞
                        b = a;
                    }
                }
                best[0] = b;
            });
            return best[0] < 0 ? Double.NaN : best[0];
        }
        for (double x : toDoubleArray()) {
            if (Double.isFinite(x)) {
                m = Double.isNaN(m) ? Math.abs(x) : Math.max(m, Math.abs(x));
            }
        }
        return m;
    }

    /** The values, row-major, as floats. */
    public float[] toFloatArray() {
        if (numel() == 0) {
            return new float[0];
        }
        if (shape.rank() == 0) {
            return new float[] {array().getFloat(0)};
        }
        return array().dup('c').data().asFloat();
    }

    /** The values, row-major, as longs (for index tensors). */
    public long[] toLongArray() {
        if (numel() == 0) {
            return new long[0];
        }
        if (shape.rank() == 0) {
            return new long[] {array().getLong(0)};
        }
        return array().dup('c').data().asLong();
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new ShapeException("item() needs a tensor with one value; '" + label + "' has shape " + shape
                    + ": reduce it first (sum, mean) or index one element with get(...).");
        }
        return array().getDouble(0);
    }

    /** One element by index. */
    public double get(long... index) {
        if (index.length != shape.rank()) {
            throw new ShapeException("get needs " + shape.rank() + " indices for shape " + shape + "; found "
                    + index.length + ".");
        }
        return index.length == 0 ? array().getDouble(0) : array().getDouble(index);
    }

    /** True when every value is finite (no NaN, no Inf). */
    public boolean isFinite() {
        return isFinite(array());
    }

    static boolean isFinite(INDArray a) {
        if (!a.dataType().isFPType() || a.isEmpty()) {
            return true;
        }
        return !a.isNaN().any() && !a.isInfinite().any();
    }

    @Override
    public String toString() {
        return "Tensor#" + id + (label.isEmpty() ? "" : " '" + label + "'") + " " + dtype + " " + shape;
    }
}
