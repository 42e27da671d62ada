package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * Cross-entropy between logits {@code (..., C)} (classes last) and int64 targets {@code (...)}, with an
 * ignore index and label smoothing, reduced by mean over the targets not ignored (or by sum), exactly
 * as PyTorch's {@code cross_entropy(logits, targets, ignore_index, label_smoothing)}:
 * {@code loss_i = (1 - eps) * -log p[t_i] + eps * mean_c(-log p[c])}.
 *
 * <p>NOTE: fused with its log-softmax: the gradient {@code (softmax - q) / N} is exact and stable, where
 * the composed chain would divide by small probabilities.
 */
public final class CrossEntropy extends Op {
    /** How the per-target losses are combined. */
    public enum Reduction { MEAN, SUM }

    private final long ignoreIndex;
    private final double smoothing;
    private final Reduction reduction;
    private INDArray logProbs;
    private long[] targets;
    private double valid;
    private long classes;

    public CrossEntropy(long ignoreIndex, double labelSmoothing, Reduction reduction) {
        super("cross_entropy");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1]; found " + labelSmoothing);
        }
        this.ignoreIndex = ignoreIndex;
        this.smoothing = labelSmoothing;
        this.reduction = reduction;
    }

    @Override
    protected boolean isIndexInput(int i) {
        return i == 1;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray logits = x[0];
        if (logits.rank() < 1) {
            throw shapeError("logits need a class dimension (last)");
        }
        long[] ls = logits.shape();
        long[] expected = java.util.Arrays.copyOf(ls, ls.length - 1);
        if (!java.util.Arrays.equals(expected, x[1].shape())) {
            throw shapeError("targets must have the logits' shape without the class dimension, "
                    + Shape.of(expected) + "; found " + Shape.of(x[1].shape()));
        }
        classes = ls[ls.length - 1];
        long rows = Nd.prod(expected);
        INDArray z = logits.reshape('c', rows, classes);
        int n = Math.toIntExact(rows * classes);
        targets = x[1].rank() == 0 ? new long[] {x[1].getLong(0)} : x[1].dup('c').data().asLong();
        if (n > 0 && RowKernels.floatRows(z)) {
            float[] lpf = keptFloats(n);            // the float32 log-probabilities, as computed, read below
            logProbs = save("log_probs", RowKernels.logSoftmaxKeeping(z, lpf));
            return Nd4j.scalar(logits.dataType(), lossOf(rows, i -> lpf[i], (b, c) -> FloatKernels.sum(lpf, b, c)));
        }
        double[] lp = Pointwise.scratch(2, n);      // the log-probabilities in double, read below
        logProbs = save("log_probs", RowKernels.logSoftmax(z, lp));
        return Nd4j.scalar(logits.dataType(), lossOf(rows, i -> lp[i], (b, c) -> {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += lp[b + j];
            }
            return sum;
        }));
    }

    private static final ThreadLocal<float[][]> KEPT = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] keptFloats(int n) {
        float[][] k = KEPT.get();
        if (k[0].length < n) {
            k[0] = new float[n];
        }
        return k[0];
    }

    /** A row's values summed: {@code (start, count) -> sum}. */
    private interface RowSum {
        double of(int start, int count);
    }

    /** The reduced loss from the log-probabilities (read through {@code lp}), counting the targets not ignored. */
    private double lossOf(long rows, java.util.function.IntToDoubleFunction lp, RowSum rowSum) {
        valid = 0;
        double total = 0;
        for (int i = 0; i < rows; i++) {
            long t = targets[i];
            if (t == ignoreIndex) {
                continue;
            }
            if (t < 0 || t >= classes) {
                throw shapeError("target " + t + " at flat position " + i + " is not a class index 0.."
                        + (classes - 1) + " (nor the ignore index " + ignoreIndex + ")");
            }
            int b = Math.toIntExact(i * classes);
            double nll = -lp.applyAsDouble(b + (int) t);
            double loss = (1 - smoothing) * nll;
            if (smoothing > 0) {
                loss -= smoothing * (rowSum.of(b, (int) classes) / classes);
            }
            total += loss;
            valid++;
        }
        return reduction == Reduction.MEAN ? total / valid : total;   // all ignored: NaN, as PyTorch
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        double scale = g.getDouble(0) / (reduction == Reduction.MEAN ? valid : 1);
        int rows = Math.toIntExact(logProbs.size(0));
        int c = Math.toIntExact(classes);
        // d loss_i / d z_i = softmax_i - q_i,  q = (1 - eps) onehot(t_i) + eps / C; one pass over the rows
        double uniform = smoothing / classes;
        if (RowKernels.floatRows(logProbs)) {
            return new INDArray[] {backwardFloat(rows, c, scale, uniform), null};
        }
        double[] v = Pointwise.read(logProbs, Pointwise.scratch(0, rows * c));
        for (int i = 0; i < rows; i++) {
            int b = i * c;
            long t = targets[i];
            if (t == ignoreIndex) {
                java.util.Arrays.fill(v, b, b + c, 0.0);
                continue;
            }
            for (int j = 0; j < c; j++) {
                v[b + j] = (Math.exp(v[b + j]) - uniform) * scale;
            }
            v[b + (int) t] -= (1 - smoothing) * scale;
        }
        INDArray grad = Pointwise.write(logProbs.dataType(), v, rows, c);
        return new INDArray[] {grad.reshape('c', input(0).array().shape()), null};
    }

    /** The float32 gradient, row by row with the vectorised exp: {@code (exp(lp) - eps / C) scale}, less at t. */
    private INDArray backwardFloat(int rows, int c, double scale, double uniform) {
        INDArray lp = Pointwise.lastContiguous(logProbs);
        INDArray grad = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, new long[] {rows, c}, 'c');
        java.nio.FloatBuffer in = lp.data().asNioFloat();
        java.nio.FloatBuffer out = grad.data().asNioFloat();
        int go = Math.toIntExact(grad.offset());
        FloatKernels.Scratch s = FloatKernels.scratch();
        float[] v = s.f[0];
        float sc = (float) scale;
        float shift = (float) uniform;
        for (int i = 0; i < rows; i++) {
            long t = targets[i];
            if (t == ignoreIndex) {
                java.util.Arrays.fill(v, 0, c, 0f);
            } else {
                Pointwise.getRow(in, lp, i, v, c);
                FloatKernels.exp(v, v, c, s);
                FloatKernels.shiftScale(v, 0, c, shift, sc);
                v[(int) t] -= (float) ((1 - smoothing) * scale);
            }
            out.put(go + i * c, v, 0, c);
        }
        return grad.reshape('c', input(0).array().shape());
    }
}
