package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax and log-softmax over the last axis, forward and backward, each as one pass in Java over the rows
 * (read and written through ND4J's buffers, computed in double, rounded once on the way out), the way
 * {@link LstmStep} fuses a time step: ND4J needs five to eight ops for each (a row maximum, a broadcast
 * subtraction, exp, a row sum, log or a division…), each with its own result array and a pass over memory.
 * On W3's output scores (640 rows of 1,000 classes) the log-softmax takes about a quarter of ND4J's time.
 * Any rank from 1, the rows being everything before the last axis; any dtype {@link Pointwise} reads. An
 * empty array gives an empty result. A row that is all {@code -inf} gives NaN, as the op-by-op form (and
 * PyTorch) does.
 */
final class RowKernels {
    private RowKernels() {
    }

    /** {@code x - logsumexp(x)} over the last axis, stably; {@code out} (if not null, length ≥ x's) gets the values. */
    static INDArray logSoftmax(INDArray x, double[] out) {
        if (x.length() == 0) {
            return x.dup();
        }
        INDArray m = Nd.rows(x);
        int rows = Math.toIntExact(m.size(0));
        int c = Math.toIntExact(m.size(1));
        double[] v = Pointwise.read(m, out != null ? out : Pointwise.scratch(0, rows * c));
        for (int r = 0; r < rows; r++) {
            int b = r * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, v[b + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(v[b + j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < c; j++) {
                v[b + j] -= lse;
            }
        }
        return Pointwise.write(x.dataType(), v, x.shape());
    }

    /** The gradient of log-softmax over the last axis: {@code g - exp(y) * sum(g)} per row. */
    static INDArray logSoftmaxBackward(INDArray g, INDArray y) {
        if (y.length() == 0) {
            return g.dup();
        }
        int rows = Math.toIntExact(y.length() / y.size(-1));
        int c = Math.toIntExact(y.size(-1));
        double[] gv = Pointwise.read(Nd.rows(g), Pointwise.scratch(0, rows * c));
        double[] yv = Pointwise.read(Nd.rows(y), Pointwise.scratch(1, rows * c));
        for (int r = 0; r < rows; r++) {
            int b = r * c;
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += gv[b + j];
            }
            for (int j = 0; j < c; j++) {
                gv[b + j] -= Math.exp(yv[b + j]) * s;
            }
        }
        return Pointwise.write(y.dataType(), gv, y.shape());
    }

    /** Softmax over the last axis, stably (the row maximum subtracted first). */
    static INDArray softmax(INDArray x) {
        if (x.length() == 0) {
            return x.dup();
        }
        INDArray m = Nd.rows(x);
        int rows = Math.toIntExact(m.size(0));
        int c = Math.toIntExact(m.size(1));
        double[] v = Pointwise.read(m, Pointwise.scratch(0, rows * c));
        for (int r = 0; r < rows; r++) {
            int b = r * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, v[b + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(v[b + j] - max);
                v[b + j] = e;
                sum += e;
            }
            double inv = 1 / sum;
            for (int j = 0; j < c; j++) {
                v[b + j] *= inv;
            }
        }
        return Pointwise.write(x.dataType(), v, x.shape());
    }

    /** The gradient of softmax over the last axis: {@code y * (g - sum(g * y))} per row. */
    static INDArray softmaxBackward(INDArray g, INDArray y) {
        if (y.length() == 0) {
            return g.dup();
        }
        int rows = Math.toIntExact(y.length() / y.size(-1));
        int c = Math.toIntExact(y.size(-1));
        double[] gv = Pointwise.read(Nd.rows(g), Pointwise.scratch(0, rows * c));
        double[] yv = Pointwise.read(Nd.rows(y), Pointwise.scratch(1, rows * c));
        for (int r = 0; r < rows; r++) {
            int b = r * c;
            double dot = 0;
            for (int j = 0; j < c; j++) {
                dot += gv[b + j] * yv[b + j];
            }
            for (int j = 0; j < c; j++) {
                gv[b + j] = yv[b + j] * (gv[b + j] - dot);
            }
        }
        return Pointwise.write(y.dataType(), gv, y.shape());
    }
}
