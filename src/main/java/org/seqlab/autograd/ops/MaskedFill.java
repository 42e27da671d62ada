package org.seqlab.autograd.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tape;

/**
 * {@code value} where {@code mask} is non-zero, else {@code x}; the mask broadcasts to x's shape
 * (a causal (T,T) mask over (B,h,T,T) scores). {@code value} may be -Inf, exactly. The gradient is g where the
 * mask is zero and exactly 0 where it is not (PyTorch's {@code grad.masked_fill(mask, 0)}).
 *
 * <p>One pass in Java over x (or g) with the mask read at its own size through broadcast strides: the mask is
 * never expanded to x's shape, which for attention scores costs more than the scores themselves. A traced pass
 * also saves {@code keep} (1 where x passes through), x's shape, for the debugger to show.
 */
public final class MaskedFill extends Op {
    private final double value;
    private boolean[] masked;
    private long[] maskStrides;
    private long[] shape;

    public MaskedFill(double value) {
        super("masked_fill");
        this.value = value;
    }

    @Override
    protected boolean isMaskInput(int i) {
        return i == 1;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        INDArray m = in[1];
        long[] s = Nd.broadcastShape(x.shape(), m.shape());
        if (s == null || !java.util.Arrays.equals(s, x.shape())) {
            throw shapeError("the mask " + Shape.of(m.shape()) + " must broadcast to the shape of x "
                    + Shape.of(x.shape()));
        }
        shape = x.shape();
        double[] mv = m.length() == 0 ? new double[0] : Nd.ones01(m, DataType.DOUBLE).dup('c').data().asDouble();
        masked = new boolean[mv.length];
        for (int i = 0; i < mv.length; i++) {
            masked[i] = mv[i] != 0;
        }
        maskStrides = broadcastStrides(m.shape(), shape);
        INDArray y = apply(x, value);
        if (Tape.tracing()) {
            save("keep", apply(Nd4j.ones(x.dataType(), shape), 0.0));
        }
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {apply(g, 0.0), null};
    }

    /** Strides into the mask's row-major values for each dimension of {@code target} (0 where the mask repeats). */
    private static long[] broadcastStrides(long[] maskShape, long[] target) {
        long[] strides = new long[target.length];
        long stride = 1;
        for (int d = target.length - 1, k = maskShape.length - 1; d >= 0; d--, k--) {
            long size = k >= 0 ? maskShape[k] : 1;
            strides[d] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }

    /** A new row-major array of {@code a}'s values with {@code fill} where the mask is set; a has x's shape. */
    private INDArray apply(INDArray a, double fill) {
        int n = Math.toIntExact(a.length());
        INDArray src = a.ordering() == 'c' && a.offset() == 0 && a.data().length() == n
                && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
        INDArray out = Nd4j.createUninitialized(a.dataType(), shape, 'c');
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        int[] idx = new int[rank];
        long moff = 0;
        int block = repeatedBlock();
        if (block > 0 && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)) {
            return applyBlocks(src, out, n, block, fill);
        }
        if (a.dataType() == DataType.FLOAT) {
            float[] v = Pointwise.floats(n);            // this thread's scratch row: no garbage per call
            src.data().asNioFloat().get(0, v, 0, n);
            float f = (float) fill;
            for (int i = 0; i < n; i++) {
                if (masked[(int) moff]) {
                    v[i] = f;
                }
                moff = next(idx, moff);
            }
            FloatBuffer b = out.data().asNioFloat();
            b.put(Math.toIntExact(out.offset()), v, 0, n);
        } else if (a.dataType() == DataType.DOUBLE) {
            double[] v = Pointwise.scratch(0, n);
            src.data().asNioDouble().get(0, v, 0, n);
            for (int i = 0; i < n; i++) {
                if (masked[(int) moff]) {
                    v[i] = fill;
                }
                moff = next(idx, moff);
            }
            DoubleBuffer b = out.data().asNioDouble();
            b.put(Math.toIntExact(out.offset()), v, 0, n);
        } else {
            throw shapeError("masked_fill computes on float32 or float64 values; found " + a.dataType());
        }
        return out;
    }

    /**
     * The size of the block the mask covers when it is the trailing axes of x repeated over the leading ones
     * (a causal (T, T) mask over (B, h, T, T) scores: T*T), so that x's value i takes mask value i % block; 0
     * when the mask broadcasts otherwise.
     */
    private int repeatedBlock() {
        long stride = 1;
        int d = shape.length - 1;
        while (d >= 0 && maskStrides[d] == stride && shape[d] > 1) {
            stride *= shape[d];
            d--;
        }
        for (int k = d; k >= 0; k--) {
            if (maskStrides[k] != 0 && shape[k] > 1) {
                return 0;
            }
        }
        return stride == masked.length ? Math.toIntExact(stride) : 0;
    }

    /** {@link #apply} when the mask repeats in blocks: block by block, no index arithmetic per value. */
    private INDArray applyBlocks(INDArray src, INDArray out, int n, int block, double fill) {
        boolean[] mk = masked;
        if (src.dataType() == DataType.FLOAT) {
            float[] v = Pointwise.floats(n);
            src.data().asNioFloat().get(0, v, 0, n);
            float f = (float) fill;
            for (int base = 0; base < n; base += block) {
                for (int j = 0; j < block; j++) {
                    if (mk[j]) {
                        v[base + j] = f;
                    }
                }
            }
            out.data().asNioFloat().put(Math.toIntExact(out.offset()), v, 0, n);
        } else {
            double[] v = Pointwise.scratch(0, n);
            src.data().asNioDouble().get(0, v, 0, n);
            for (int base = 0; base < n; base += block) {
                for (int j = 0; j < block; j++) {
                    if (mk[j]) {
                        v[base + j] = fill;
                    }
                }
            }
            out.data().asNioDouble().put(Math.toIntExact(out.offset()), v, 0, n);
        }
        return out;
    }

    /** Advances the row-major index {@code idx} over {@link #shape} by one; returns the mask offset there. */
    private long next(int[] idx, long moff) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d]++;
            moff += maskStrides[d];
            if (idx[d] < shape[d]) {
                return moff;
            }
            moff -= maskStrides[d] * shape[d];
            idx[d] = 0;
        }
        return moff;
    }
}
