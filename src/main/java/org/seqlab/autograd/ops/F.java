package org.seqlab.autograd.ops;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;

/**
 * The functional face of the ops, as {@code torch.nn.functional}: {@code import static ...F.*} and write
 * {@code tanh(add(matmul(x, w), b))}. Each differentiable call runs one op class (recorded when a tape is
 * open); the few composed calls say what they are made of. The catalogue of rules is {@link Ops}.
 */
public final class F {
    private F() {
    }

    // ---- elementwise arithmetic (broadcasting) --------------------------------------------------

    public static Tensor add(Tensor a, Tensor b) {
        return new Add().run(a, b);
    }

    public static Tensor add(Tensor a, double b) {
        return add(a, Tensor.scalar(a.dtype(), b));
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return new Sub().run(a, b);
    }

    public static Tensor sub(Tensor a, double b) {
        return sub(a, Tensor.scalar(a.dtype(), b));
    }

    /** {@code b - a}. */
    public static Tensor rsub(double b, Tensor a) {
        return sub(Tensor.scalar(a.dtype(), b), a);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return new Mul().run(a, b);
    }

    public static Tensor mul(Tensor a, double b) {
        return mul(a, Tensor.scalar(a.dtype(), b));
    }

    public static Tensor div(Tensor a, Tensor b) {
        return new Div().run(a, b);
    }

    public static Tensor div(Tensor a, double b) {
        return div(a, Tensor.scalar(a.dtype(), b));
    }

    public static Tensor neg(Tensor x) {
        return new Neg().run(x);
    }

    public static Tensor pow(Tensor x, double p) {
        return new Pow(p).run(x);
    }

    public static Tensor sqrt(Tensor x) {
        return new Sqrt().run(x);
    }

    public static Tensor exp(Tensor x) {
        return new Exp().run(x);
    }

    public static Tensor log(Tensor x) {
        return new Log().run(x);
    }

    public static Tensor abs(Tensor x) {
        return new Abs().run(x);
    }

    /** Clamps to {@code [lo, hi]}; pass {@code Double.NEGATIVE_INFINITY} / {@code POSITIVE_INFINITY} for one side. */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        return new Clamp(lo, hi).run(x);
    }

    // ---- linear algebra and shapes --------------------------------------------------------------

    public static Tensor matmul(Tensor a, Tensor b) {
        return new MatMul().run(a, b);
    }

    /** {@code x W^T} for x (..., k) and W (n, k): {@code matmul(x, transpose(W, 0, 1))} without the transpose. */
    public static Tensor matmulWt(Tensor x, Tensor w) {
        return new MatMulWt().run(x, w);
    }

    /** {@code x W^T + b}, PyTorch's {@code F.linear}: one GEMM that starts from b (see {@link MatMulWt}). */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return new MatMulWt(true).run(x, w, b);
    }

    public static Tensor permute(Tensor x, int... dims) {
        return new Permute(dims).run(x);
    }

    /** Swaps two dimensions: a {@link Permute}. */
    public static Tensor transpose(Tensor x, int d0, int d1) {
        int r = x.rank();
        int a = x.shape().axis(d0);
        int b = x.shape().axis(d1);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    public static Tensor reshape(Tensor x, long... shape) {
        return new Reshape(shape).run(x);
    }

    public static Tensor concat(int dim, Tensor... xs) {
        return new Concat(dim).run(xs);
    }

    public static Tensor concat(int dim, List<Tensor> xs) {
        return concat(dim, xs.toArray(new Tensor[0]));
    }

    public static Tensor stack(int dim, Tensor... xs) {
        return new Stack(dim).run(xs);
    }

    public static Tensor stack(int dim, List<Tensor> xs) {
        return stack(dim, xs.toArray(new Tensor[0]));
    }

    /** {@code x[..., start:end, ...]} along {@code dim}. */
    public static Tensor slice(Tensor x, int dim, long start, long end) {
        return new Slice(dim, start, end).run(x);
    }

    /** {@code x[..., index, ...]}: the dimension disappears. */
    public static Tensor select(Tensor x, int dim, long index) {
        return new Select(dim, index).run(x);
    }

    /** Splits along {@code dim} into pieces of the given sizes: composed of {@link Slice}s. */
    public static List<Tensor> split(Tensor x, int dim, long... sizes) {
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        long n = x.size(dim);
        if (total != n) {
            throw new ShapeException("split of " + x + " along dimension " + dim + ": sizes add up to " + total
                    + " but the dimension has " + n + "; give sizes that sum to " + n + ".");
        }
        List<Tensor> parts = new ArrayList<>(sizes.length);
        long start = 0;
        for (long s : sizes) {
            parts.add(slice(x, dim, start, start + s));
            start += s;
        }
        return parts;
    }

    /** Splits along {@code dim} into {@code chunks} equal pieces: composed of {@link Slice}s. */
    public static List<Tensor> chunk(Tensor x, int dim, int chunks) {
        long n = x.size(dim);
        if (chunks <= 0 || n % chunks != 0) {
            throw new ShapeException("chunk of " + x + " along dimension " + dim + ": " + n
                    + " does not divide into " + chunks + " equal pieces.");
        }
        long[] sizes = new long[chunks];
        java.util.Arrays.fill(sizes, n / chunks);
        return split(x, dim, sizes);
    }

    // ---- reductions -----------------------------------------------------------------------------

    /** Sum of all values (a scalar). */
    public static Tensor sum(Tensor x) {
        return new Sum(false).run(x);
    }

    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        requireAxes(axes);
        return new Sum(keepDims, axes).run(x);
    }

    /** Mean of all values (a scalar). */
    public static Tensor mean(Tensor x) {
        return new Mean(false).run(x);
    }

    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        requireAxes(axes);
        return new Mean(keepDims, axes).run(x);
    }

    /** Maximum of all values (a scalar). */
    public static Tensor max(Tensor x) {
        return new Max(false).run(x);
    }

    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        requireAxes(axes);
        return new Max(keepDims, axes).run(x);
    }

    private static void requireAxes(int[] axes) {
        if (axes.length == 0) {
            throw new IllegalArgumentException("give at least one axis, or call the all-values overload");
        }
    }

    // ---- activations ----------------------------------------------------------------------------

    public static Tensor tanh(Tensor x) {
        return new Tanh().run(x);
    }

    public static Tensor sigmoid(Tensor x) {
        return new Sigmoid().run(x);
    }

    /**
     * One fused LSTM step (see {@link LstmStep}): input projection {@code x (B, 4H)}, hidden projection
     * {@code p (B, 4H)}, cell state {@code c (B, H)} to {@code (2, B, H)}: h' at index 0, c' at index 1.
     */
    public static Tensor lstmStep(Tensor x, Tensor p, Tensor c) {
        return new LstmStep().run(x, p, c);
    }

    /**
     * One fused GRU step (see {@link GruStep}): input projection {@code x (B, 3H)}, hidden projection
     * {@code p (B, 3H)}, hidden state {@code h (B, H)} to {@code h' (B, H)}.
     */
    public static Tensor gruStep(Tensor x, Tensor p, Tensor h) {
        return new GruStep().run(x, p, h);
    }

    /**
     * Multi-head attention read from one packed projection (see {@link PackedAttention}): {@code qkv (B, T, 3C)},
     * q, k and v side by side, to the heads' contexts merged into {@code (B, T, C)}; {@code causal} hides later
     * keys from each query.
     */
    public static Tensor packedAttention(Tensor qkv, int heads, boolean causal) {
        return new PackedAttention(heads, causal).run(qkv);
    }

    /**
     * One LSTM layer in one direction over whole sequences (see {@link LstmLayer}): {@code x (B, T, I)}, the
     * weights, the bias {@code b_ih + b_hh} (null: none), {@code h0, c0 (B, H)}, the lengths (null: all T) to
     * {@code (B, T+2, H)}: the outputs of every step, then h_n and c_n.
     */
    public static Tensor lstmLayer(Tensor x, Tensor wIh, Tensor wHh, Tensor bias, Tensor h0, Tensor c0,
            long[] lengths, boolean reverse) {
        LstmLayer op = new LstmLayer(reverse, bias != null, lengths, Math.toIntExact(x.size(1)));
        return bias == null ? op.run(x, wIh, wHh, h0, c0) : op.run(x, wIh, wHh, bias, h0, c0);
    }

    /** Whether {@link #lstmLayer} and {@link #gruLayer} take a batch of this many sequences (1 to 4,096). */
    public static boolean recurrentLayerTakes(long batch) {
        return RecurrentLayerOp.fitsBatch(batch);
    }

    /**
     * One GRU layer in one direction over whole sequences (see {@link GruLayer}): {@code x (B, T, I)}, the
     * weights, the biases (both null: none), {@code h0 (B, H)}, the lengths (null: all T) to {@code (B, T+1, H)}:
     * the outputs of every step, then h_n.
     */
    public static Tensor gruLayer(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0,
            long[] lengths, boolean reverse) {
        GruLayer op = new GruLayer(reverse, bIh != null, lengths, Math.toIntExact(x.size(1)));
        return bIh == null ? op.run(x, wIh, wHh, h0) : op.run(x, wIh, wHh, bIh, bHh, h0);
    }

    public static Tensor relu(Tensor x) {
        return new Relu().run(x);
    }

    /** Exact GELU, PyTorch's default. */
    public static Tensor gelu(Tensor x) {
        return gelu(x, Gelu.Approximation.NONE);
    }

    public static Tensor gelu(Tensor x, Gelu.Approximation approximation) {
        return new Gelu(approximation).run(x);
    }

    public static Tensor softmax(Tensor x, int axis) {
        return new Softmax(axis).run(x);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        return new LogSoftmax(axis).run(x);
    }

    // ---- layers' building blocks ----------------------------------------------------------------

    /** Layer norm over the last dimension with an affine weight and bias (both shaped like that dimension). */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return new LayerNorm(eps).run(x, weight, bias);
    }

    /** Layer norm over the last dimension without affine parameters. */
    public static Tensor layerNorm(Tensor x, double eps) {
        return new LayerNorm(eps).run(x);
    }

    public static Tensor embedding(Tensor weight, Tensor ids) {
        return new Embedding(-1).run(weight, ids);
    }

    /** Embedding whose {@code paddingIdx} row receives no gradient (PyTorch's {@code padding_idx}). */
    public static Tensor embedding(Tensor weight, Tensor ids, long paddingIdx) {
        return new Embedding(paddingIdx).run(weight, ids);
    }

    /** {@code value} where {@code mask} is non-zero, else {@code x}. */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        return new MaskedFill(value).run(x, mask);
    }

    /** {@code cond ? a : b}, broadcasting. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return new Where().run(cond, a, b);
    }

    /** Dropout with probability {@code p}; the identity (no op) when not training or {@code p == 0}. */
    public static Tensor dropout(Tensor x, double p, boolean training, long seed) {
        if (!training || p == 0) {
            return x;
        }
        return new Dropout(p, seed).run(x);
    }

    /** Mean cross-entropy over logits (classes last) and int64 targets. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return crossEntropy(logits, targets, -100, 0.0);
    }

    /** Mean cross-entropy with PyTorch's {@code ignore_index} and {@code label_smoothing}. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, long ignoreIndex, double labelSmoothing) {
        return new CrossEntropy(ignoreIndex, labelSmoothing, CrossEntropy.Reduction.MEAN).run(logits, targets);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor targets, long ignoreIndex, double labelSmoothing,
                                      CrossEntropy.Reduction reduction) {
        return new CrossEntropy(ignoreIndex, labelSmoothing, reduction).run(logits, targets);
    }

    // ---- no gradient ----------------------------------------------------------------------------

    /** Index of the maximum along {@code axis} (int64; no gradient). */
    public static Tensor argmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        INDArray idx = x.array().argMax(a).castTo(DataType.LONG);
        long[] shape = dropAxis(x.shape(), a);
        return Tensor.wrap(shape.length == 0 ? idx.reshape(new long[0]) : idx.reshape('c', shape), "argmax");
    }

    /** 1 where {@code a > b} else 0, in a's dtype (no gradient). */
    public static Tensor gt(Tensor a, Tensor b) {
        return compare(a, b, "gt");
    }

    /** 1 where {@code a < b} else 0, in a's dtype (no gradient). */
    public static Tensor lt(Tensor a, Tensor b) {
        return compare(a, b, "lt");
    }

    /** 1 where {@code a == b} else 0, in a's dtype (no gradient). */
    public static Tensor eq(Tensor a, Tensor b) {
        return compare(a, b, "eq");
    }

    private static Tensor compare(Tensor a, Tensor b, String how) {
        long[] s = Nd.broadcastShape(a.shape().toArray(), b.shape().toArray());
        if (s == null) {
            throw new ShapeException(how + ": " + a.shape() + " x " + b.shape() + " \u2014 shapes do not broadcast");
        }
        INDArray x = Nd.expand(a.array(), s);
        INDArray y = Nd.expand(b.array().castTo(a.array().dataType()), s);
        INDArray r;
        switch (how) {
            case "gt": r = x.gt(y); break;
            case "lt": r = x.lt(y); break;
            default: r = x.eq(y); break;
        }
        DataType type = a.dtype().isFloating() ? a.array().dataType() : DataType.DOUBLE;
        return Tensor.wrap(r.castTo(type), how);
    }

    /** A (T, T) mask with 1 above the diagonal: the future positions causal attention must not see. */
    public static Tensor causalMask(DType dtype, int t) {
        double[] m = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                m[i * t + j] = 1;
            }
        }
        return Tensor.of(dtype, m, t, t).named("causal_mask");
    }

    private static long[] dropAxis(Shape s, int axis) {
        return Nd.dropAxes(s.toArray(), new int[] {axis});
    }
}
