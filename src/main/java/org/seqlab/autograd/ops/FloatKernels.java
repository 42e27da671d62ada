package org.seqlab.autograd.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * float32 elementwise functions as loops the JIT vectorises: no calls, no conversions between float and double or
 * int, only multiply, add, divide and min/max on float arrays. {@code Math.exp} and ND4J's transcendental
 * kernels cost 5-15 ns a value here; these cost well under 1 ns. Each function works on one chunk of at most
 * {@link #CHUNK} values held in Java arrays from index 0 (callers copy chunks in and out of ND4J's buffers in
 * bulk), and every array a loop touches is indexed alike: C2 vectorises such a loop, and leaves one scalar
 * when two arrays are indexed with different offsets (it cannot rule out that they overlap), which is why the
 * callers copy rows to arrays indexed from 0 first.
 *
 * <ul>
 *   <li>{@link #exp}: Cody-Waite reduction {@code x = k ln 2 + r}, Cephes' degree-5 polynomial for {@code e^r}
 *       and {@code 2^k} built as float bits; within 1e-7 (relative) of {@code Math.exp} on [-87.6, 88], 0 below
 *       (where float32 leaves its normal range), {@code e^88} above.</li>
 *   <li>{@link #erf}: the rational fit of Eigen and XLA ({@code x P(x²) / Q(x²)} on [-4, 4], ±1 outside), within
 *       5e-7 (absolute) of erf in float32 arithmetic.</li>
 *   <li>{@link #tanh}: Eigen's rational fit ({@code x P(x²) / Q(x²)}, clamped at ±7.9), within 4e-7 (relative)
 *       of {@code Math.tanh} everywhere, small arguments included.</li>
 *   <li>{@link #sigmoid}: {@code 1 / (1 + e^-x)} with {@link #exp}, within 3e-7 (relative); at least
 *       {@code 1 / (1 + e^88)} (6e-39), where float32 would reach 0 below -88.7.</li>
 * </ul>
 */
final class FloatKernels {
    /** Values per chunk: the scratch arrays' length. */
    static final int CHUNK = 4096;
    /**
     * The fewest values for which a kernel shares its rows among the {@link org.seqlab.autograd.Workers} (below it
     * the hand-over costs more than it saves: a few microseconds against ~1 ns per value).
     */
    static final int SHARE_MIN = 16384;

    private FloatKernels() {
    }

    /** One thread's chunk arrays, and a native buffer seen as ints and as floats to reinterpret bits in bulk. */
    static final class Scratch {
        final float[][] f = new float[12][CHUNK];
        private final int[] bits = new int[CHUNK];
        private final float[] kf = new float[CHUNK];
        private final IntBuffer asInts;
        private final FloatBuffer asFloats;

        private Scratch() {
            ByteBuffer b = ByteBuffer.allocateDirect(4 * CHUNK).order(ByteOrder.nativeOrder());
            asInts = b.asIntBuffer();
            asFloats = b.asFloatBuffer();
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The work on values {@code [at, at + len)} (one chunk), with the thread's scratch arrays. */
    @FunctionalInterface
    interface Chunk {
        void run(int at, int len, Scratch s);
    }

    /**
     * Runs {@code body} on {@code n} values in chunks of {@code width} (at most {@link #CHUNK}), the chunks shared
     * among the {@link org.seqlab.autograd.Workers} when {@code share}; each chunk must write only its own values.
     */
    static void forChunks(int n, int width, boolean share, Chunk body) {
        int chunks = (n + width - 1) / width;
        org.seqlab.autograd.Workers.forRuns(chunks, 1, share, (from, to) -> {
            Scratch s = scratch();
            for (int k = from; k < to; k++) {
                int at = k * width;
                body.run(at, Math.min(width, n - at), s);
            }
        });
    }

    /** This thread's scratch, reused from call to call. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    private static final float MAGIC = 12582912f;      // 1.5 * 2^23: adding it rounds a float to an integer
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

    /** {@code out[i] = e^x[i]} for {@code i < len} ({@code out} may be {@code x}); {@code len <= CHUNK}. */
    static void exp(float[] x, float[] out, int len, Scratch s) {
        expReduced(x, out, s.kf, len);
        // k + MAGIC holds k in its low mantissa bits: read its bits, build 2^k's bits, read those as floats
        s.asFloats.put(0, s.kf, 0, len);
        s.asInts.get(0, s.bits, 0, len);
        powerBits(s.bits, len);
        s.asInts.put(0, s.bits, 0, len);
        s.asFloats.get(0, s.kf, 0, len);
        multiply(out, s.kf, len);
    }

    /** {@code e^r} of the reduced argument into {@code out} and {@code k + MAGIC} into {@code kf}. */
    private static void expReduced(float[] x, float[] out, float[] kf, int len) {
        for (int i = 0; i < len; i++) {
            float v = Math.max(-88f, Math.min(88f, x[i]));
            float kk = v * 1.44269504088896341f + MAGIC;
            float k = kk - MAGIC;
            float r = v - k * 0.693359375f;
            r = r + k * 2.12194440e-4f;
            float z = r * r;
            float p = 1.9875691500E-4f;
            p = p * r + 1.3981999507E-3f;
            p = p * r + 8.3334519073E-3f;
            p = p * r + 4.1665795894E-2f;
            p = p * r + 1.6666665459E-1f;
            p = p * r + 5.0000001201E-1f;
            out[i] = p * z + r + 1f;
            kf[i] = kk;
        }
    }

    /** The float bits of {@code 2^k} from the bits of {@code k + MAGIC}; 0 where {@code k < -126} (no subnormals). */
    private static void powerBits(int[] bits, int len) {
        for (int i = 0; i < len; i++) {
            int e = bits[i] - MAGIC_BITS + 127;
            bits[i] = (e & ~(e >> 31)) << 23;           // max(e, 0) as a mask: C2 vectorises it, Math.max it does not
        }
    }

    private static void multiply(float[] a, float[] b, int len) {
        for (int i = 0; i < len; i++) {
            a[i] *= b[i];
        }
    }

    /** {@code out[i] = erf(x[i])} for {@code i < len} ({@code out} may be {@code x}). */
    static void erf(float[] x, float[] out, int len) {
        for (int i = 0; i < len; i++) {
            float v = Math.max(-4f, Math.min(4f, x[i]));
            float x2 = v * v;
            float p = -2.72614225801306e-10f;
            p = p * x2 + 2.77068142495902e-08f;
            p = p * x2 + -2.10102402082508e-06f;
            p = p * x2 + -5.69250639462346e-05f;
            p = p * x2 + -7.34990630326855e-04f;
            p = p * x2 + -2.95459980854025e-03f;
            p = p * x2 + -1.60960333262415e-02f;
            float q = -1.45660718464996e-05f;
            q = q * x2 + -2.13374055278905e-04f;
            q = q * x2 + -1.68282697438203e-03f;
            q = q * x2 + -7.37332916720468e-03f;
            q = q * x2 + -1.42647390514189e-02f;
            out[i] = v * p / q;
        }
    }

    /** {@code a[i] = tanh(a[i])} for {@code i < len}, in place. */
    static void tanh(float[] a, int len) {
        for (int i = 0; i < len; i++) {
            float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, a[i]));
            float x2 = x * x;
            float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
            p = x2 * p + -8.60467152213735e-11f;
            p = x2 * p + 5.12229709037114e-08f;
            p = x2 * p + 1.48572235717979e-05f;
            p = x2 * p + 6.37261928875436e-04f;
            p = x2 * p + 4.89352455891786e-03f;
            float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
            q = x2 * q + 2.26843463243900e-03f;
            q = x2 * q + 4.89352518554385e-03f;
            a[i] = x * p / q;
        }
    }

    /** {@code a[i] = 1 / (1 + e^-a[i])} for {@code i < len}, in place ({@code len <= CHUNK}). */
    static void sigmoid(float[] a, int len, Scratch s) {
        negate(a, len);
        exp(a, a, len, s);
        reciprocalOfOnePlus(a, len);
    }

    private static void negate(float[] a, int len) {
        for (int i = 0; i < len; i++) {
            a[i] = -a[i];
        }
    }

    private static void reciprocalOfOnePlus(float[] a, int len) {
        for (int i = 0; i < len; i++) {
            a[i] = 1f / (1f + a[i]);
        }
    }

    /** The largest of {@code a[from..from+len)}; NaN if any is NaN, -inf for an empty range. */
    static float max(float[] a, int from, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + len; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    /**
     * The sum of {@code a[from..from+len)}: eight interleaved float32 partial sums (eight independent chains of
     * adds, about 8x the speed of one chain, and each sums an eighth of the values), added in double at the end.
     */
    static double sum(float[] a, int from, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int end = from + len;
        int i = from;
        for (; i + 7 < end; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        double t = combine(s0, s1, s2, s3, s4, s5, s6, s7);
        for (; i < end; i++) {
            t += a[i];
        }
        return t;
    }

    private static double combine(float s0, float s1, float s2, float s3, float s4, float s5, float s6, float s7) {
        return ((double) s0 + s1) + ((double) s2 + s3) + (((double) s4 + s5) + ((double) s6 + s7));
    }

    /** The dot product of {@code a} and {@code b} over {@code [from, from+len)}, summed as {@link #sum} sums. */
    static double dot(float[] a, float[] b, int from, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int end = from + len;
        int i = from;
        for (; i + 7 < end; i += 8) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4];
            s5 += a[i + 5] * b[i + 5];
            s6 += a[i + 6] * b[i + 6];
            s7 += a[i + 7] * b[i + 7];
        }
        double t = combine(s0, s1, s2, s3, s4, s5, s6, s7);
        for (; i < end; i++) {
            t += a[i] * (double) b[i];
        }
        return t;
    }

    /** {@code a[i] = (a[i] - shift) * scale} over {@code [from, from+len)}, in place. */
    static void shiftScale(float[] a, int from, int len, float shift, float scale) {
        for (int i = from; i < from + len; i++) {
            a[i] = (a[i] - shift) * scale;
        }
    }

    /** Splits {@code src[at ..)} into consecutive sections of {@code len} values, one into each of {@code to}. */
    static void split(float[] src, int at, int len, float[]... to) {
        for (int k = 0; k < to.length; k++) {
            System.arraycopy(src, at + k * len, to[k], 0, len);
        }
    }

    /** Joins the first {@code len} values of each of {@code from} into {@code dst[at ..)}, one section after another. */
    static void join(float[] dst, int at, int len, float[]... from) {
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(from[k], 0, dst, at + k * len, len);
        }
    }
}
