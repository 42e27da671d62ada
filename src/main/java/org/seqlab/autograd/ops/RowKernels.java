package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Workers;

/**
 * Softmax and log-softmax over the last axis, forward and backward, each as one pass in Java over the rows
 * (read and written through ND4J's buffers, computed in double, rounded once on the way out), the way
 * {@link LstmStep} fuses a time step: ND4J needs five to eight ops for each (a row maximum, a broadcast
 * subtraction, exp, a row sum, log or a division…), each with its own result array and a pass over memory.
 * On W3's output scores (640 rows of 1,000 classes) the log-softmax takes about a quarter of ND4J's time.
 * Any rank from 1, the rows being everything before the last axis; any dtype {@link Pointwise} reads. An
 * empty array gives an empty result. A row that is all {@code -inf} gives NaN, as the op-by-op form (and
 * PyTorch) does.
 *
 * <p>float32 rows of up to {@link FloatKernels#CHUNK} values compute in float32 with the vectorised exp (the sums
 * accumulated in double); float64 and longer rows compute in double with {@code Math.exp}.
 */
final class RowKernels {
    private RowKernels() {
    }

    /** {@code x - logsumexp(x)} over the last axis, stably; {@code out} (if not null, length ≥ x's) gets the values. */
    static INDArray logSoftmax(INDArray x, double[] out) {
        if (x.length() == 0) {
            return x.dup();
        }
        if (floatRows(x)) {
            return logSoftmaxFloat(x, out, null);
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

    /**
     * The float32 log-softmax of {@code x} (float32 rows of at most a chunk: {@link #floatRows}) whose values also go
     * into {@code keep} (length ≥ x's), row-major, as computed: for a caller that reads some of them in Java.
     */
    static INDArray logSoftmaxKeeping(INDArray x, float[] keep) {
        if (!floatRows(x) || x.length() == 0) {
            throw new IllegalArgumentException("expected float32 rows of 1 to " + FloatKernels.CHUNK + " values; found "
                    + x.dataType() + " " + java.util.Arrays.toString(x.shape()));
        }
        return logSoftmaxFloat(x, null, keep);
    }

    /** The gradient of log-softmax over the last axis: {@code g - exp(y) * sum(g)} per row. */
    static INDArray logSoftmaxBackward(INDArray g, INDArray y) {
        if (y.length() == 0) {
            return g.dup();
        }
        if (floatRows(y) && g.dataType() == DataType.FLOAT) {
            return backwardFloat(g, y, true);
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
        if (floatRows(x)) {
            return softmaxFloat(x);
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
        if (floatRows(y) && g.dataType() == DataType.FLOAT) {
            return backwardFloat(g, y, false);
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

    /** Whether {@code x} takes the float32 route: float32, rows of 1 to CHUNK values. */
    static boolean floatRows(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() >= 1 && x.size(-1) >= 1
                && x.size(-1) <= FloatKernels.CHUNK && x.length() < Integer.MAX_VALUE;
    }

    /** Rows per block: as many whole rows of {@code c} values as fit one chunk. */
    private static int block(int c) {
        return Math.max(1, FloatKernels.CHUNK / c);
    }

    /** The work on rows {@code [r0, r0 + nr)}, with the thread's scratch arrays. */
    @FunctionalInterface
    private interface Block {
        void run(int r0, int nr, FloatKernels.Scratch s);
    }

    /**
     * Runs {@code body} on every block of rows (one chunk each), the blocks shared among the {@link Workers}
     * when there are at least {@link FloatKernels#SHARE_MIN} values; each block writes only its own rows.
     */
    private static void forBlocks(int rows, int c, Block body) {
        int per = block(c);
        int blocks = (rows + per - 1) / per;
        Workers.forRuns(blocks, 1, (long) rows * c >= FloatKernels.SHARE_MIN, (from, to) -> {
            FloatKernels.Scratch s = FloatKernels.scratch();
            for (int k = from; k < to; k++) {
                int r0 = k * per;
                body.run(r0, Math.min(per, rows - r0), s);
            }
        });
    }

    /** The float32 softmax: per row, the maximum, exp of the shifted values, a sum in double, one scale. */
    private static INDArray softmaxFloat(INDArray x) {
        INDArray m = Pointwise.lastContiguous(Nd.rows(x));
        int rows = Math.toIntExact(m.size(0));
        int c = Math.toIntExact(m.size(1));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, c}, 'c');
        FloatBuffer in = m.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int oo = Math.toIntExact(out.offset());
        forBlocks(rows, c, (r0, nr, s) -> {
            float[] v = s.f[0];
            Pointwise.getRows(in, m, r0, nr, v, c);
            for (int b = 0; b < nr * c; b += c) {
                FloatKernels.shiftScale(v, b, c, FloatKernels.max(v, b, c), 1f);
            }
            FloatKernels.exp(v, v, nr * c, s);
            for (int b = 0; b < nr * c; b += c) {
                FloatKernels.shiftScale(v, b, c, 0f, (float) (1 / FloatKernels.sum(v, b, c)));
            }
            ob.put(oo + r0 * c, v, 0, nr * c);
        });
        return Nd.unrows(out, x.shape());
    }

    /**
     * The float32 log-softmax: per row, {@code (x - max) - log(sum(exp(x - max)))}; {@code out}, if not null, also
     * gets the values (widened to double).
     */
    private static INDArray logSoftmaxFloat(INDArray x, double[] out, float[] keep) {
        INDArray m = Pointwise.lastContiguous(Nd.rows(x));
        int rows = Math.toIntExact(m.size(0));
        int c = Math.toIntExact(m.size(1));
        INDArray result = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, c}, 'c');
        FloatBuffer in = m.data().asNioFloat();
        FloatBuffer ob = result.data().asNioFloat();
        int oo = Math.toIntExact(result.offset());
        forBlocks(rows, c, (r0, nr, s) -> {
            float[] v = s.f[0];
            float[] e = s.f[1];
            int n = nr * c;
            Pointwise.getRows(in, m, r0, nr, v, c);
            for (int b = 0; b < n; b += c) {
                FloatKernels.shiftScale(v, b, c, FloatKernels.max(v, b, c), 1f);
            }
            FloatKernels.exp(v, e, n, s);
            for (int b = 0; b < n; b += c) {
                FloatKernels.shiftScale(v, b, c, (float) Math.log(FloatKernels.sum(e, b, c)), 1f);
            }
            ob.put(oo + r0 * c, v, 0, n);
            if (out != null) {
                int at = r0 * c;
                for (int j = 0; j < n; j++) {
                    out[at + j] = v[j];
                }
            }
            if (keep != null) {
                System.arraycopy(v, 0, keep, r0 * c, n);
            }
        });
        return Nd.unrows(result, x.shape());
    }

    /**
     * The float32 gradients: log-softmax {@code g - exp(y) sum(g)}, softmax {@code y (g - sum(g y))}, per row.
     */
    private static INDArray backwardFloat(INDArray g, INDArray y, boolean log) {
        INDArray gm = Pointwise.lastContiguous(Nd.rows(g));
        INDArray ym = Pointwise.lastContiguous(Nd.rows(y));
        int rows = Math.toIntExact(ym.size(0));
        int c = Math.toIntExact(ym.size(1));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, c}, 'c');
        FloatBuffer gb = gm.data().asNioFloat();
        FloatBuffer yb = ym.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int oo = Math.toIntExact(out.offset());
        forBlocks(rows, c, (r0, nr, s) -> {
            float[] gv = s.f[0];
            float[] yv = s.f[1];
            int n = nr * c;
            Pointwise.getRows(gb, gm, r0, nr, gv, c);
            Pointwise.getRows(yb, ym, r0, nr, yv, c);
            if (log) {
                FloatKernels.exp(yv, yv, n, s);
                for (int b = 0; b < n; b += c) {
                    subtractScaled(gv, yv, b, c, (float) FloatKernels.sum(gv, b, c));
                }
            } else {
                for (int b = 0; b < n; b += c) {
                    softmaxGrad(gv, yv, b, c, (float) FloatKernels.dot(gv, yv, b, c));
                }
            }
            ob.put(oo + r0 * c, gv, 0, n);
        });
        return Nd.unrows(out, y.shape());
    }

    private static void subtractScaled(float[] g, float[] e, int from, int len, float k) {
        for (int j = from; j < from + len; j++) {
            g[j] -= e[j] * k;
        }
    }

    private static void softmaxGrad(float[] g, float[] y, int from, int len, float dot) {
        for (int j = from; j < from + len; j++) {
            g[j] = y[j] * (g[j] - dot);
        }
    }
}
