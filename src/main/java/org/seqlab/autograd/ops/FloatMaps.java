package org.seqlab.autograd.ops;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Elementwise float32 maps over arrays of one shape, computed in Java chunk by chunk (bulk reads and writes of
 * ND4J's buffers, {@link FloatKernels}' vectorised loops), in place of ND4J ops. Two reasons: ND4J's sigmoid and
 * tanh are scalar (several ns a value), and every ND4J op costs microseconds before it touches a value (an op
 * context, shape buffers, a result buffer), which dominates the debugger's traced pass, where an LSTM step is a
 * dozen ops on rows of a few hundred values. Unary maps take any size; binary maps take arrays up to
 * {@link #SMALL} values, above which ND4J's two op threads win on a pass that only adds or multiplies.
 */
final class FloatMaps {
    /** Binary maps go to Java up to this many values. */
    static final long SMALL = 1 << 16;

    private FloatMaps() {
    }

    /** {@code a = f(a)} on {@code a[0..len)}. */
    interface Unary {
        void apply(float[] a, int len, FloatKernels.Scratch s);
    }

    /** {@code a = f(a, b)} elementwise on {@code [0, len)}. */
    interface Binary {
        void apply(float[] a, float[] b, int len);
    }

    /** Whether {@code x} takes a unary map: float32, not empty, int-addressable. */
    static boolean unary(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.length() > 0 && x.length() < Integer.MAX_VALUE;
    }

    /** Whether {@code a} and {@code b} take a binary map: float32, one shape, 1 to {@link #SMALL} values. */
    static boolean binary(INDArray a, INDArray b) {
        return a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT && a.length() > 0
                && a.length() <= SMALL && Arrays.equals(a.shape(), b.shape());
    }

    /** A new row-major array of x's shape holding {@code f(x)}. */
    static INDArray map(INDArray x, Unary f) {
        INDArray xc = Pointwise.contiguous(x);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        FloatBuffer xb = xc.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int xo = Math.toIntExact(xc.offset());
        int oo = Math.toIntExact(out.offset());
        int n = Math.toIntExact(x.length());
        FloatKernels.Scratch s = FloatKernels.scratch();
        float[] v = s.f[0];
        for (int at = 0; at < n; at += FloatKernels.CHUNK) {
            int len = Math.min(FloatKernels.CHUNK, n - at);
            xb.get(xo + at, v, 0, len);
            f.apply(v, len, s);
            ob.put(oo + at, v, 0, len);
        }
        return out;
    }

    /** A new row-major array of a's shape holding {@code f(a, b)}. */
    static INDArray map(INDArray a, INDArray b, Binary f) {
        INDArray ac = Pointwise.contiguous(a);
        INDArray bc = Pointwise.contiguous(b);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
        FloatBuffer ab = ac.data().asNioFloat();
        FloatBuffer bb = bc.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        int ao = Math.toIntExact(ac.offset());
        int bo = Math.toIntExact(bc.offset());
        int oo = Math.toIntExact(out.offset());
        int n = Math.toIntExact(a.length());
        FloatKernels.Scratch s = FloatKernels.scratch();
        float[] u = s.f[0];
        float[] v = s.f[1];
        for (int at = 0; at < n; at += FloatKernels.CHUNK) {
            int len = Math.min(FloatKernels.CHUNK, n - at);
            ab.get(ao + at, u, 0, len);
            bb.get(bo + at, v, 0, len);
            f.apply(u, v, len);
            ob.put(oo + at, u, 0, len);
        }
        return out;
    }

    static void add(float[] a, float[] b, int len) {
        for (int i = 0; i < len; i++) {
            a[i] += b[i];
        }
    }

    static void multiply(float[] a, float[] b, int len) {
        for (int i = 0; i < len; i++) {
            a[i] *= b[i];
        }
    }

    /** The sigmoid's gradient: {@code g y (1 - y)} into g. */
    static void sigmoidGrad(float[] g, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            g[i] = g[i] * y[i] * (1f - y[i]);
        }
    }

    /** tanh's gradient: {@code g (1 - y²)} into g. */
    static void tanhGrad(float[] g, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            g[i] = g[i] * (1f - y[i] * y[i]);
        }
    }

    static void tanh(float[] a, int len, FloatKernels.Scratch s) {
        FloatKernels.tanh(a, len);
    }
}
