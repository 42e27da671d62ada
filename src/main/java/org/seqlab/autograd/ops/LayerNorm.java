package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * Layer normalisation over the last dimension, {@code (x - mean) / sqrt(var + eps) * weight + bias}
 * (biased variance, as PyTorch). Inputs: x, or x, weight, bias.
 *
 * <p>NOTE: the backward is fused (one formula instead of the chain of mean, sub, pow, sqrt, div): it is
 * what llm.c and PyTorch use, needs only {@code xhat} and {@code rstd}, and is numerically steadier.
 */
public final class LayerNorm extends Op {
    private final double eps;
    private INDArray xhat;
    private INDArray rstd;
    private INDArray weight;
    private long c;

    public LayerNorm(double eps) {
        super("layer_norm");
        this.eps = eps;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        if (x.rank() == 0) {
            throw shapeError("layer norm needs at least one dimension to normalise over");
        }
        if (in.length != 1 && in.length != 3) {
            throw new IllegalArgumentException("layer_norm takes x, or x, weight and bias");
        }
        c = x.size(-1);
        if (in.length == 3) {
            for (int i = 1; i < 3; i++) {
                if (in[i].rank() != 1 || in[i].size(0) != c) {
                    throw shapeError((i == 1 ? "weight" : "bias") + " must have shape (" + c
                            + ") to match the last dimension of x; found " + Shape.of(in[i].shape()));
                }
            }
            weight = in[1];
        }
        long[] kept = Nd.keptLast(x.shape());
        if (fused(x)) {
            return forwardFused(x, in.length == 3 ? in[2] : null, kept);
        }
        // on the (N, C) rows of x with broadcast row/column ops: no statistic is copied out to the full shape
        INDArray x2 = Nd.rows(x);
        INDArray mean = x2.mean(true, 1);                                           // (N, 1)
        save("mean", Nd.unrows(mean, kept));
        INDArray centered = x2.subColumnVector(mean);
        INDArray var = centered.mul(centered).mean(true, 1);
        rstd = Transforms.pow(var.addi(eps), -0.5, false);                         // (N, 1)
        save("rstd", Nd.unrows(rstd, kept));
        INDArray xhat2 = centered.muliColumnVector(rstd);
        xhat = save("xhat", Nd.unrows(xhat2, x.shape()));
        if (weight == null) {
            return xhat.dup();
        }
        return Nd.unrows(xhat2.mulRowVector(weight.reshape(1, c)).addiRowVector(in[2].reshape(1, c)), x.shape());
    }

    /** Whether this pass takes the one-pass float32 kernel ({@code -Dseqlab.fusedLayerNorm=false} turns it off). */
    private static boolean fused(INDArray x) {
        return FUSED && x.length() > 0 && x.dataType() == DataType.FLOAT;
    }

    private static final boolean FUSED = !"false".equals(System.getProperty("seqlab.fusedLayerNorm"));

    /** Per-thread scratch rows for the two full-size arrays of a pass, reused from call to call. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }

    /**
     * float32 forward as one pass in Java over the rows: the row statistics in double (the mean, then the mean
     * square of the centred values, as the ops), the elementwise parts in float32 loops the JIT vectorises.
     */
    private INDArray forwardFused(INDArray x, INDArray bias, long[] kept) {
        int cols = Math.toIntExact(c);
        int rows = Math.toIntExact(x.length() / c);
        int n = rows * cols;
        float[] v = Pointwise.readFloats(x, n, scratch(0, n));
        float[] y = weight == null ? null : scratch(1, n);
        float[] w = weight == null ? null : Pointwise.readFloats(weight, cols, null);
        float[] b = bias == null ? null : Pointwise.readFloats(bias, cols, null);
        float[] means = new float[rows];
        float[] rstds = new float[rows];
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += v[at + j];
            }
            float mean = (float) (sum / cols);
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                double d = v[at + j] - mean;
                sq += d * d;
            }
            float rs = (float) (1 / Math.sqrt(sq / cols + eps));
            means[r] = mean;
            rstds[r] = rs;
            for (int j = at; j < at + cols; j++) {
                v[j] = (v[j] - mean) * rs;
            }
            if (w != null) {
                for (int j = 0; j < cols; j++) {
                    y[at + j] = v[at + j] * w[j] + b[j];
                }
            }
        }
        save("mean", Pointwise.writeFloats(means, kept));
        rstd = Pointwise.writeFloats(rstds, rows, 1);
        save("rstd", Nd.unrows(rstd, kept));
        xhat = save("xhat", Pointwise.writeFloats(v, x.shape()));
        return w == null ? xhat.dup() : Pointwise.writeFloats(y, x.shape());
    }

    /** float32 backward in one pass over the rows, the op-by-op form's formulas (see {@link #backward}). */
    private INDArray[] backwardFused(INDArray g) {
        int cols = Math.toIntExact(c);
        int rows = Math.toIntExact(xhat.length() / c);
        int n = rows * cols;
        float[] gv = Pointwise.readFloats(g, n, scratch(0, n));
        float[] h = Pointwise.readFloats(xhat, n, scratch(1, n));
        float[] rs = Pointwise.readFloats(rstd, rows, null);
        float[] w = weight == null ? null : Pointwise.readFloats(weight, cols, null);
        boolean wantX = needsGrad(0);
        float[] gw = weight != null && needsGrad(1) ? new float[cols] : null;
        float[] gb = weight != null && needsGrad(2) ? new float[cols] : null;
        float[] gh = new float[cols];
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            if (gw != null) {
                for (int j = 0; j < cols; j++) {
                    gw[j] += gv[at + j] * h[at + j];
                }
            }
            if (gb != null) {
                for (int j = 0; j < cols; j++) {
                    gb[j] += gv[at + j];
                }
            }
            if (wantX) {
                if (w == null) {
                    System.arraycopy(gv, at, gh, 0, cols);
                } else {
                    for (int j = 0; j < cols; j++) {
                        gh[j] = gv[at + j] * w[j];
                    }
                }
                double m1 = 0;
                double m2 = 0;
                for (int j = 0; j < cols; j++) {
                    m1 += gh[j];
                    m2 += gh[j] * h[at + j];
                }
                float a1 = (float) (m1 / cols);
                float a2 = (float) (m2 / cols);
                float scale = rs[r];
                for (int j = 0; j < cols; j++) {
                    gv[at + j] = scale * (gh[j] - a1 - h[at + j] * a2);
                }
            }
        }
        INDArray dx = wantX ? Pointwise.writeFloats(gv, xhat.shape()) : null;
        if (weight == null) {
            return new INDArray[] {dx};
        }
        return new INDArray[] {dx, gw == null ? null : Pointwise.writeFloats(gw, c),
            gb == null ? null : Pointwise.writeFloats(gb, c)};
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        if (fused(xhat) && g.dataType() == xhat.dataType()) {
            return backwardFused(g);
        }
        long[] shape = xhat.shape();
        INDArray g2 = Nd.rows(g);
        INDArray xhat2 = Nd.rows(xhat);
        INDArray gx = null;
        INDArray gw = null;
        INDArray gb = null;
        INDArray gxhat = weight == null ? g2 : g2.mulRowVector(weight.reshape(1, c));
        if (needsGrad(0)) {
            // dx = rstd * (gxhat - mean(gxhat) - xhat * mean(gxhat * xhat))
            INDArray m1 = gxhat.mean(true, 1);
            INDArray m2 = gxhat.mul(xhat2).mean(true, 1);
            gx = Nd.unrows(gxhat.subColumnVector(m1).subi(xhat2.mulColumnVector(m2)).muliColumnVector(rstd), shape);
        }
        if (weight != null) {
            gw = needsGrad(1) ? g2.mul(xhat2).sum(0).reshape('c', new long[] {c}) : null;
            gb = needsGrad(2) ? g2.sum(0).reshape('c', new long[] {c}) : null;
        }
        return weight == null ? new INDArray[] {gx} : new INDArray[] {gx, gw, gb};
    }
}
