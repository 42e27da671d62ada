package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Workers;

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

    /** Per-thread row arrays, reused from call to call (every loop over them indexes from 0, so the JIT vectorises it). */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[6][0]);

    private static float[][] rows(int cols) {
        float[][] s = ROWS.get();
        if (s[0].length < cols) {
            for (int i = 0; i < s.length; i++) {
                s[i] = new float[cols];
            }
        }
        return s;
    }

    /**
     * float32 forward, row by row in Java: each row read in bulk, its mean and then the mean square of the centred
     * values summed in double (as the ops), the elementwise parts float32 loops the JIT vectorises, each row written
     * in bulk to xhat and y.
     */
    private INDArray forwardFused(INDArray x, INDArray bias, long[] kept) {
        int cols = Math.toIntExact(c);
        int rows = Math.toIntExact(x.length() / c);
        int n = rows * cols;
        float[] w = weight == null ? null : Pointwise.readFloats(weight, cols, null);
        float[] b = bias == null ? null : Pointwise.readFloats(bias, cols, null);
        // each row read from x's buffer and written to xhat's and y's in bulk, through arrays indexed from 0
        INDArray xc = Pointwise.contiguous(x);
        FloatBuffer xb = xc.data().asNioFloat();
        int xo = Math.toIntExact(xc.offset());
        INDArray hArr = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        INDArray yArr = w == null ? null : Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        FloatBuffer hb = hArr.data().asNioFloat();
        FloatBuffer yb = yArr == null ? null : yArr.data().asNioFloat();
        int ho = Math.toIntExact(hArr.offset());
        int yo = yArr == null ? 0 : Math.toIntExact(yArr.offset());
        float[] means = new float[rows];
        float[] rstds = new float[rows];
        // the rows shared among the threads: each writes only its own rows
        Workers.forRuns(rows, 1, n >= FloatKernels.SHARE_MIN, (r0, r1) -> {
            float[][] s = rows(cols);
            float[] v = s[0];
            float[] y = s[1];
            for (int r = r0; r < r1; r++) {
                int at = r * cols;
                xb.get(xo + at, v, 0, cols);
                float mean = (float) (FloatKernels.sum(v, 0, cols) / cols);
                FloatKernels.shiftScale(v, 0, cols, mean, 1f);
                float rs = (float) (1 / Math.sqrt(FloatKernels.dot(v, v, 0, cols) / cols + eps));
                means[r] = mean;
                rstds[r] = rs;
                FloatKernels.shiftScale(v, 0, cols, 0f, rs);
                hb.put(ho + at, v, 0, cols);
                if (w != null) {
                    affine(v, w, b, y, cols);
                    yb.put(yo + at, y, 0, cols);
                }
            }
        });
        save("mean", Pointwise.writeFloats(means, kept));
        rstd = Pointwise.writeFloats(rstds, rows, 1);
        save("rstd", Nd.unrows(rstd, kept));
        xhat = save("xhat", hArr);
        return w == null ? xhat.dup() : yArr;
    }

    private static void affine(float[] h, float[] w, float[] b, float[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] = h[j] * w[j] + b[j];
        }
    }

    /** float32 backward row by row, the op-by-op form's formulas (see {@link #backward}). */
    private INDArray[] backwardFused(INDArray g) {
        int cols = Math.toIntExact(c);
        int rows = Math.toIntExact(xhat.length() / c);
        int n = rows * cols;
        INDArray gc = Pointwise.contiguous(g);
        FloatBuffer gbuf = gc.data().asNioFloat();
        FloatBuffer hbuf = xhat.data().asNioFloat();
        int go = Math.toIntExact(gc.offset());
        int ho = Math.toIntExact(xhat.offset());
        float[] rs = Pointwise.readFloats(rstd, rows, null);
        float[] w = weight == null ? null : Pointwise.readFloats(weight, cols, null);
        boolean wantX = needsGrad(0);
        INDArray dx = wantX ? Nd4j.createUninitialized(DataType.FLOAT, xhat.shape(), 'c') : null;
        FloatBuffer dbuf = dx == null ? null : dx.data().asNioFloat();
        int dxo = dx == null ? 0 : Math.toIntExact(dx.offset());
        float[] gw = weight != null && needsGrad(1) ? new float[cols] : null;
        float[] gb = weight != null && needsGrad(2) ? new float[cols] : null;
        // the rows shared among the threads; each run sums its rows' weight and bias gradients apart, then adds
        // them to the totals (two runs add in either order alike: float addition commutes)
        Workers.forRuns(rows, 1, n >= FloatKernels.SHARE_MIN, (r0, r1) -> {
            float[][] s = rows(cols);
            float[] gv = s[0];
            float[] h = s[1];
            float[] gh = s[4];
            float[] gwRun = gw == null ? null : new float[cols];
            float[] gbRun = gb == null ? null : new float[cols];
            for (int r = r0; r < r1; r++) {
                int at = r * cols;
                gbuf.get(go + at, gv, 0, cols);
                hbuf.get(ho + at, h, 0, cols);
                if (gwRun != null) {
                    addProduct(gwRun, gv, h, cols);
                }
                if (gbRun != null) {
                    FloatMaps.add(gbRun, gv, cols);
                }
                if (wantX) {
                    float[] gx = gv;
                    if (w != null) {
                        product(gv, w, gh, cols);
                        gx = gh;
                    }
                    float a1 = (float) (FloatKernels.sum(gx, 0, cols) / cols);
                    float a2 = (float) (FloatKernels.dot(gx, h, 0, cols) / cols);
                    inputGradient(gx, h, a1, a2, rs[r], gv, cols);
                    dbuf.put(dxo + at, gv, 0, cols);
                }
            }
            synchronized (rs) {
                if (gwRun != null) {
                    FloatMaps.add(gw, gwRun, cols);
                }
                if (gbRun != null) {
                    FloatMaps.add(gb, gbRun, cols);
                }
            }
        });
        if (weight == null) {
            return new INDArray[] {dx};
        }
        return new INDArray[] {dx, gw == null ? null : Pointwise.writeFloats(gw, c),
            gb == null ? null : Pointwise.writeFloats(gb, c)};
    }

    private static void addProduct(float[] acc, float[] a, float[] b, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] += a[j] * b[j];
        }
    }

    private static void product(float[] a, float[] b, float[] out, int len) {
        for (int j = 0; j < len; j++) {
            out[j] = a[j] * b[j];
        }
    }

    /** {@code out = scale (gh - a1 - h a2)}; {@code out} may be {@code gh}. */
    private static void inputGradient(float[] gh, float[] h, float a1, float a2, float scale, float[] out, int len) {
        for (int j = 0; j < len; j++) {
            out[j] = scale * (gh[j] - a1 - h[j] * a2);
        }
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
