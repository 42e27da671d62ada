package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/**
 * GELU, exact ({@code x Φ(x)} with the error function) or the tanh approximation of GPT-2/BERT,
 * matching PyTorch's {@code gelu(x, approximate='none' | 'tanh')}.
 *
 * <p>float32 takes one pass in Java over chunks of the values ({@link FloatKernels}' vectorised erf and exp) in
 * place of ND4J's scalar erf, exp and tanh and the half-dozen ops around them; float64 (what the gradient checks
 * see) keeps the ops. {@code -Dseqlab.fusedGelu=false} sends float32 through the ops too.
 */
public final class Gelu extends Op {
    /** Which GELU formula. */
    public enum Approximation { NONE, TANH }

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double K = 0.044715;

    private final Approximation approximation;
    private INDArray x;
    private INDArray cdf;   // exact: Φ(x); tanh: tanh(u)

    public Gelu(Approximation approximation) {
        super(approximation == Approximation.TANH ? "gelu_tanh" : "gelu");
        this.approximation = approximation;
    }

    private static final boolean FUSED = !"false".equals(System.getProperty("seqlab.fusedGelu"));

    private static final float INV_SQRT_2_F = (float) INV_SQRT_2;
    private static final float INV_SQRT_2PI_F = (float) INV_SQRT_2PI;
    private static final float SQRT_2_OVER_PI_F = (float) SQRT_2_OVER_PI;
    private static final float K_F = (float) K;

    private static boolean fused(INDArray a) {
        return FUSED && a.dataType() == DataType.FLOAT && a.length() > 0 && a.length() < Integer.MAX_VALUE;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        x = in[0];
        if (fused(x)) {
            return forwardFloat();
        }
        if (approximation == Approximation.NONE) {
            // Φ(x) = 0.5 (1 + erf(x / sqrt 2))
            INDArray erf = Nd4j.getExecutioner().exec(new Erf(x.mul(INV_SQRT_2)));
            cdf = save("cdf", erf.addi(1).muli(0.5));
            return x.mul(cdf);
        }
        // u = sqrt(2/pi) (x + 0.044715 x^3); y = 0.5 x (1 + tanh u)
        INDArray u = x.mul(x).muli(K).addi(1).muli(x).muli(SQRT_2_OVER_PI);
        cdf = save("tanh_u", Transforms.tanh(u, false));
        return cdf.add(1).muli(x).muli(0.5);
    }

    /** The float32 forward: y and the saved Φ(x) (or tanh u), chunk by chunk. */
    private INDArray forwardFloat() {
        x = Pointwise.contiguous(x);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer yb = y.data().asNioFloat();
        FloatBuffer cb = c.data().asNioFloat();
        int xo = Math.toIntExact(x.offset());
        int yo = Math.toIntExact(y.offset());
        int co = Math.toIntExact(c.offset());
        int n = Math.toIntExact(x.length());
        FloatKernels.forChunks(n, FloatKernels.CHUNK, n >= FloatKernels.SHARE_MIN, (at, len, s) -> {
            float[] xs = s.f[0];
            float[] cs = s.f[1];
            float[] ys = s.f[2];
            xb.get(xo + at, xs, 0, len);
            if (approximation == Approximation.NONE) {
                scale(xs, cs, INV_SQRT_2_F, len);
                FloatKernels.erf(cs, cs, len);
                exactForward(xs, cs, ys, len);
            } else {
                tanhArgument(xs, cs, len);                  // 2u, so tanh u = 1 - 2 / (e^2u + 1)
                FloatKernels.exp(cs, cs, len, s);
                tanhForward(xs, cs, ys, len);
            }
            yb.put(yo + at, ys, 0, len);
            cb.put(co + at, cs, 0, len);
        });
        cdf = save(approximation == Approximation.NONE ? "cdf" : "tanh_u", c);
        return y;
    }

    private static void scale(float[] a, float[] out, float k, int len) {
        for (int i = 0; i < len; i++) {
            out[i] = a[i] * k;
        }
    }

    /** erf(x/√2) in {@code c} becomes Φ(x); y = x Φ(x). */
    private static void exactForward(float[] xs, float[] c, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            float p = 0.5f * (1f + c[i]);
            c[i] = p;
            y[i] = xs[i] * p;
        }
    }

    private static void tanhArgument(float[] xs, float[] out, int len) {
        for (int i = 0; i < len; i++) {
            float v = xs[i];
            out[i] = 2f * SQRT_2_OVER_PI_F * (v + K_F * v * v * v);
        }
    }

    /** e^2u in {@code t} becomes tanh u; y = 0.5 x (1 + tanh u). */
    private static void tanhForward(float[] xs, float[] t, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            float th = 1f - 2f / (t[i] + 1f);
            t[i] = th;
            y[i] = 0.5f * xs[i] * (1f + th);
        }
    }

    /** The float32 backward, chunk by chunk, the formulas of {@link #backward}'s op form. */
    private INDArray backwardFloat(INDArray g) {
        INDArray gc = Pointwise.contiguous(g);
        INDArray c = Pointwise.contiguous(cdf);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer gb = gc.data().asNioFloat();
        FloatBuffer cb = c.data().asNioFloat();
        FloatBuffer db = dx.data().asNioFloat();
        int xo = Math.toIntExact(x.offset());
        int go = Math.toIntExact(gc.offset());
        int co = Math.toIntExact(c.offset());
        int dxo = Math.toIntExact(dx.offset());
        int n = Math.toIntExact(x.length());
        FloatKernels.forChunks(n, FloatKernels.CHUNK, n >= FloatKernels.SHARE_MIN, (at, len, s) -> {
            float[] xs = s.f[0];
            float[] cs = s.f[1];
            float[] gs = s.f[2];
            float[] ws = s.f[3];
            xb.get(xo + at, xs, 0, len);
            cb.get(co + at, cs, 0, len);
            gb.get(go + at, gs, 0, len);
            if (approximation == Approximation.NONE) {
                halfSquareNegated(xs, ws, len);
                FloatKernels.exp(ws, ws, len, s);
                exactBackward(xs, cs, ws, gs, len);
            } else {
                tanhBackward(xs, cs, gs, len);
            }
            db.put(dxo + at, gs, 0, len);
        });
        return dx;
    }

    private static void halfSquareNegated(float[] xs, float[] out, int len) {
        for (int i = 0; i < len; i++) {
            out[i] = -0.5f * xs[i] * xs[i];
        }
    }

    /** g (Φ(x) + x φ(x)) into {@code g}, with e^(-x²/2) in {@code e}. */
    private static void exactBackward(float[] xs, float[] c, float[] e, float[] g, int len) {
        for (int i = 0; i < len; i++) {
            g[i] = g[i] * (c[i] + xs[i] * e[i] * INV_SQRT_2PI_F);
        }
    }

    /** g (0.5 (1 + t) + 0.5 x (1 - t²) √(2/π) (1 + 3k x²)) into {@code g}. */
    private static void tanhBackward(float[] xs, float[] t, float[] g, int len) {
        for (int i = 0; i < len; i++) {
            float v = xs[i];
            float th = t[i];
            float du = SQRT_2_OVER_PI_F * (1f + 3f * K_F * v * v);
            g[i] = g[i] * (0.5f * (1f + th) + 0.5f * v * (1f - th * th) * du);
        }
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        if (fused(x) && g.dataType() == DataType.FLOAT && cdf.dataType() == DataType.FLOAT) {
            return new INDArray[] {backwardFloat(g)};
        }
        INDArray d;
        if (approximation == Approximation.NONE) {
            // d/dx = Φ(x) + x φ(x),  φ(x) = exp(-x^2/2) / sqrt(2 pi)
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
            d = pdf.muli(x).addi(cdf);
        } else {
            // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3k x^2)
            INDArray t = cdf;
            INDArray du = x.mul(x).muli(3 * K).addi(1).muli(SQRT_2_OVER_PI);
            INDArray sech2 = t.mul(t).rsubi(1);
            d = sech2.muli(du).muli(x).muli(0.5).addi(t.add(1).muli(0.5));
        }
        return new INDArray[] {g.mul(d)};
    }
}
