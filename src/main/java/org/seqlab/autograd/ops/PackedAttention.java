package org.seqlab.autograd.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Workers;

/**
 * Multi-head scaled dot-product attention read straight from one packed projection, as nanoGPT's {@code c_attn}
 * makes it: {@code qkv (B, T, 3C)} (q, k, v side by side, each C = heads x d wide) to the heads' contexts merged
 * back into {@code (B, T, C)}, ready for {@code c_proj}:
 * <pre>
 *   for every sequence b and head h:  W = softmax(Q Kᵀ / sqrt(d) + mask),  Y = W V
 * </pre>
 * with the causal mask (query i sees keys j &lt;= i) or none. Every product reads and writes the heads where they
 * lie in {@code qkv} and in the output ({@link Gemm#grid}), so the split of q, k and v, the four permuted copies of
 * the heads and the separate scale, mask and softmax ops of the step-by-step path are one op here, with one saved
 * array (the weights {@code W (B, heads, T, T)}). Training takes it when the tape does not trace; the debugger's
 * trace keeps {@code nn.attention.ScaledDotProductAttention}'s ops one by one, and a test holds both to the same
 * values and gradients. Backward: {@code dV = Wᵀ dY}, {@code dW = dY Vᵀ},
 * {@code dS = W (dW - rowsum(dW W)) / sqrt(d)}, {@code dQ = dS K}, {@code dK = dSᵀ Q}.
 *
 * <p>float32 computes the softmax with {@link FloatKernels}' exp over the visible scores only (the lower triangle
 * when causal, packed into one chunk); float64 computes in double with {@code Math.exp}.
 */
public final class PackedAttention extends Op {
    private final int heads;
    private final boolean causal;
    private int batch;
    private int steps;
    private int width;
    private int d;
    private double scale;
    private INDArray qkv;
    private INDArray weights;

    /** Attention over {@code heads} heads; {@code causal}: each query sees only itself and earlier keys. */
    public PackedAttention(int heads, boolean causal) {
        super("packed_attention");
        if (heads < 1) {
            throw new IllegalArgumentException("packed attention needs at least one head; found " + heads);
        }
        this.heads = heads;
        this.causal = causal;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        if (x.rank() != 3 || x.size(2) % 3 != 0 || (x.size(2) / 3) % heads != 0 || x.size(0) < 1 || x.size(1) < 1) {
            throw shapeError("expected a packed projection (B, T, 3C) with C a multiple of the " + heads
                    + " heads (q, k, v side by side, as c_attn makes them); found " + Shape.of(x.shape()) + ". Fix: give the c_attn output, or split q, k and v for scaled_dot_product "
                    + "attention");
        }
        qkv = Pointwise.contiguous(x);
        batch = Math.toIntExact(x.size(0));
        steps = Math.toIntExact(x.size(1));
        width = Math.toIntExact(x.size(2) / 3);
        d = width / heads;
        scale = 1.0 / Math.sqrt(d);
        DataType type = x.dataType();
        weights = save("weights", Nd4j.createUninitialized(type, new long[] {batch, heads, steps, steps}, 'c'));
        INDArray y = Nd4j.createUninitialized(type, new long[] {batch, steps, width}, 'c');
        Gemm.grid(head(qkv, 0), false, head(qkv, 1), true, square(weights), 1.0, 0.0);   // S = Q Kᵀ
        if (floatPath(type)) {
            softmaxFloat();
        } else if (type == DataType.FLOAT) {
            softmaxLongRows();
        } else {
            softmaxDouble();
        }
        Gemm.grid(square(weights), false, head(qkv, 2), false, head(y, -1), 1.0, 0.0);  // Y = W V
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray gradOut) {
        INDArray g = Pointwise.contiguous(gradOut);
        DataType type = weights.dataType();
        INDArray dw = Nd4j.createUninitialized(type, weights.shape(), 'c');
        INDArray dx = Nd4j.createUninitialized(type, qkv.shape(), 'c');
        Gemm.grid(head(g, -1), false, head(qkv, 2), true, square(dw), 1.0, 0.0);         // dW = dY Vᵀ
        Gemm.grid(square(weights), true, head(g, -1), false, head(dx, 2), 1.0, 0.0);     // dV = Wᵀ dY
        if (floatPath(type)) {
            softmaxBackwardFloat(dw);
        } else if (type == DataType.FLOAT) {
            softmaxBackwardLongRows(dw);
        } else {
            softmaxBackwardDouble(dw);
        }
        Gemm.grid(square(dw), false, head(qkv, 1), false, head(dx, 0), 1.0, 0.0);        // dQ = dS K
        Gemm.grid(square(dw), true, head(qkv, 0), false, head(dx, 1), 1.0, 0.0);         // dK = dSᵀ Q
        return new INDArray[] {dx};
    }

    /** The longest rows the chunked float32 softmax takes (a chunk); tests lower it to reach the long-row path. */
    static int chunkedRows = FloatKernels.CHUNK;

    private boolean floatPath(DataType type) {
        return type == DataType.FLOAT && steps <= chunkedRows;
    }

    /**
     * The heads of part {@code part} (0 q, 1 k, 2 v) of a packed {@code (B, T, 3C)} array, or with part -1 of a
     * merged {@code (B, T, C)} one: matrix (b, h) is {@code (T, d)} at column {@code part*C + h*d} of sequence b.
     */
    private Gemm.Grid head(INDArray a, int part) {
        int ld = part < 0 ? width : 3 * width;
        long offset = part < 0 ? 0 : (long) part * width;
        return new Gemm.Grid(a, offset, steps, d, ld, batch, (long) steps * ld, heads, d);
    }

    /** The {@code (T, T)} matrices of a {@code (B, heads, T, T)} array. */
    private Gemm.Grid square(INDArray a) {
        long tt = (long) steps * steps;
        return new Gemm.Grid(a, 0, steps, steps, steps, batch, heads * tt, heads, tt);
    }

    /** How many keys query {@code i} sees. */
    private int visible(int i) {
        return causal ? i + 1 : steps;
    }

    /** Rows per block of one chunk. */
    private int rowsPerBlock() {
        return Math.max(1, FloatKernels.CHUNK / steps);
    }

    private boolean shared() {
        return (long) batch * heads * steps * steps >= FloatKernels.SHARE_MIN;
    }

    /**
     * The weights in place of the scores, as the step-by-step path computes them (scaled, then per row the maximum
     * of the visible values subtracted, exp, a sum in double, one scale), the hidden ones 0; the visible values of a
     * block of rows are packed into one chunk for one exp.
     */
    private void softmaxFloat() {
        FloatBuffer wb = weights.data().asNioFloat();
        float s = (float) scale;
        int per = rowsPerBlock();
        Workers.forRuns(batch * heads, 1, shared(), (m0, m1) -> {
            FloatKernels.Scratch scratch = FloatKernels.scratch();
            float[] v = scratch.f[0];
            float[] packed = scratch.f[1];
            for (int m = m0; m < m1; m++) {
                for (int r0 = 0; r0 < steps; r0 += per) {
                    int nr = Math.min(per, steps - r0);
                    int base = Math.toIntExact((long) m * steps * steps + (long) r0 * steps);
                    wb.get(base, v, 0, nr * steps);
                    int at = 0;
                    for (int r = 0; r < nr; r++) {
                        at = shiftScaled(v, r * steps, visible(r0 + r), s, packed, at);
                    }
                    FloatKernels.exp(packed, packed, at, scratch);
                    at = 0;
                    for (int r = 0; r < nr; r++) {
                        int len = visible(r0 + r);
                        float inv = (float) (1 / FloatKernels.sum(packed, at, len));
                        int row = r * steps;
                        for (int j = 0; j < len; j++) {
                            v[row + j] = packed[at + j] * inv;
                        }
                        for (int j = len; j < steps; j++) {
                            v[row + j] = 0f;
                        }
                        at += len;
                    }
                    wb.put(base, v, 0, nr * steps);
                }
            }
        });
    }

    /** {@code a = v*s} over a row's visible values, then {@code a - max(a)} into {@code packed[at..)}; the next at. */
    private static int shiftScaled(float[] v, int row, int len, float s, float[] packed, int at) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            float a = v[row + j] * s;
            v[row + j] = a;
            max = Math.max(max, a);
        }
        for (int j = 0; j < len; j++) {
            packed[at + j] = v[row + j] - max;
        }
        return at + len;
    }

    /** {@code dS = W (dW - rowsum(dW W)) s} in place of {@code dW}, 0 where a key is hidden. */
    private void softmaxBackwardFloat(INDArray dw) {
        FloatBuffer wb = weights.data().asNioFloat();
        FloatBuffer gb = dw.data().asNioFloat();
        float s = (float) scale;
        int per = rowsPerBlock();
        Workers.forRuns(batch * heads, 1, shared(), (m0, m1) -> {
            FloatKernels.Scratch scratch = FloatKernels.scratch();
            float[] w = scratch.f[0];
            float[] g = scratch.f[1];
            for (int m = m0; m < m1; m++) {
                for (int r0 = 0; r0 < steps; r0 += per) {
                    int nr = Math.min(per, steps - r0);
                    int n = nr * steps;
                    int base = Math.toIntExact((long) m * steps * steps + (long) r0 * steps);
                    wb.get(base, w, 0, n);
                    gb.get(base, g, 0, n);
                    for (int r = 0; r < nr; r++) {
                        int row = r * steps;
                        int len = visible(r0 + r);
                        float dot = (float) FloatKernels.dot(g, w, row, len);
                        for (int j = row; j < row + len; j++) {
                            g[j] = w[j] * (g[j] - dot) * s;
                        }
                        for (int j = row + len; j < row + steps; j++) {
                            g[j] = 0f;
                        }
                    }
                    gb.put(base, g, 0, n);
                }
            }
        });
    }

    /** float32 rows longer than a chunk (T > 4,096): row by row, each computed in double. */
    private void softmaxLongRows() {
        FloatBuffer wb = weights.data().asNioFloat();
        float[] v = new float[steps];
        for (int row = 0; row < batch * heads * steps; row++) {
            int len = visible(row % steps);
            int base = Math.toIntExact((long) row * steps);
            wb.get(base, v, 0, steps);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                max = Math.max(max, (double) (v[j] * (float) scale));
            }
            double sum = 0;
            double[] e = Pointwise.scratch(0, len);
            for (int j = 0; j < len; j++) {
                e[j] = Math.exp(v[j] * (float) scale - max);
                sum += e[j];
            }
            for (int j = 0; j < steps; j++) {
                v[j] = j < len ? (float) (e[j] / sum) : 0f;
            }
            wb.put(base, v, 0, steps);
        }
    }

    private void softmaxBackwardLongRows(INDArray dw) {
        FloatBuffer wb = weights.data().asNioFloat();
        FloatBuffer gb = dw.data().asNioFloat();
        float[] w = new float[steps];
        float[] g = new float[steps];
        for (int row = 0; row < batch * heads * steps; row++) {
            int len = visible(row % steps);
            int base = Math.toIntExact((long) row * steps);
            wb.get(base, w, 0, steps);
            gb.get(base, g, 0, steps);
            double dot = 0;
            for (int j = 0; j < len; j++) {
                dot += g[j] * (double) w[j];
            }
            for (int j = 0; j < steps; j++) {
                g[j] = j < len ? (float) (w[j] * (g[j] - dot) * scale) : 0f;
            }
            gb.put(base, g, 0, steps);
        }
    }

    private void softmaxDouble() {
        DoubleBuffer wb = weights.data().asNioDouble();
        double[] v = Pointwise.scratch(0, steps);
        for (int row = 0; row < batch * heads * steps; row++) {
            int len = visible(row % steps);
            int base = Math.toIntExact((long) row * steps);
            wb.get(base, v, 0, steps);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                v[j] *= scale;
                max = Math.max(max, v[j]);
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
                v[j] = Math.exp(v[j] - max);
                sum += v[j];
            }
            for (int j = 0; j < steps; j++) {
                v[j] = j < len ? v[j] / sum : 0;
            }
            wb.put(base, v, 0, steps);
        }
    }

    private void softmaxBackwardDouble(INDArray dw) {
        DoubleBuffer wb = weights.data().asNioDouble();
        DoubleBuffer gb = dw.data().asNioDouble();
        double[] w = Pointwise.scratch(0, steps);
        double[] g = Pointwise.scratch(1, steps);
        for (int row = 0; row < batch * heads * steps; row++) {
            int len = visible(row % steps);
            int base = Math.toIntExact((long) row * steps);
            wb.get(base, w, 0, steps);
            gb.get(base, g, 0, steps);
            double dot = 0;
            for (int j = 0; j < len; j++) {
                dot += g[j] * w[j];
            }
            for (int j = 0; j < steps; j++) {
                g[j] = j < len ? w[j] * (g[j] - dot) * scale : 0;
            }
            gb.put(base, g, 0, steps);
        }
    }
}
