package org.seqlab.autograd;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * In-place updates of parameters and of their accumulated gradients, for optimizers and gradient clipping:
 * the engine side of {@code org.seqlab.train.optim}, which owns the algorithms. Nothing here is recorded on a
 * tape (an update is not part of a pass), and every method works on the tensors' own arrays, so a module's
 * parameter slots keep their tensors and no array is allocated per parameter beyond the temporaries of the
 * formula.
 *
 * <p>The formulas are PyTorch's ({@code torch.optim.SGD}, {@code Adam}, {@code AdamW},
 * {@code nn.utils.clip_grad_norm_}, {@code clip_grad_value_}); tested against plain-Java references in float64.
 */
public final class Updates {

    private Updates() {
    }

    /** The sum of the squares of every gradient (tensors without one are skipped; each tensor counted once). */
    public static double gradSquaredSum(Collection<Tensor> params) {
        double sum = 0;
        for (Tensor p : distinct(params)) {
            INDArray g = p.gradArray();
            if (g != null) {
                sum += squares(g);
            }
        }
        return sum;
    }

    private static final int CHUNK = 4096;
    private static final ThreadLocal<float[]> SQUARES = ThreadLocal.withInitial(() -> new float[CHUNK]);

    /**
     * Σ g² of one gradient. float32 in Java, chunk by chunk out of the buffer: four float32 chains within a chunk
     * (independent adds the CPU overlaps), the chunks added in double; ND4J's reduction took several times as
     * long on W3's 2.5 million gradient values (clipping reads them once, twice when it clips).
     */
    private static double squares(INDArray g) {
        if (g.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || g.length() == 0
                || !(g.ordering() == 'c' && g.elementWiseStride() == 1) || g.offset() + g.length() > Integer.MAX_VALUE) {
            double n = g.norm2Number().doubleValue();
            return n * n;
        }
        java.nio.FloatBuffer b = g.data().asNioFloat();
        float[] c = SQUARES.get();
        int n = (int) g.length();
        int from = (int) g.offset();
        double total = 0;
        for (int at = 0; at < n; at += CHUNK) {
            int len = Math.min(CHUNK, n - at);
            b.get(from + at, c, 0, len);
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += c[i] * c[i];
                s1 += c[i + 1] * c[i + 1];
                s2 += c[i + 2] * c[i + 2];
                s3 += c[i + 3] * c[i + 3];
            }
            double chunk = ((double) s0 + s1) + ((double) s2 + s3);
            for (; i < len; i++) {
                chunk += c[i] * (double) c[i];
            }
            total += chunk;
        }
        return total;
    }

    /** Multiplies every gradient by {@code factor}. */
    public static void scaleGrads(Collection<Tensor> params, double factor) {
        for (Tensor p : distinct(params)) {
            INDArray g = p.gradArray();
            if (g != null) {
                g.muli(factor);
            }
        }
    }

    /** Clamps every gradient element into {@code [-maxAbs, maxAbs]}. */
    public static void clampGrads(Collection<Tensor> params, double maxAbs) {
        if (!(maxAbs >= 0)) {
            throw new IllegalArgumentException("clip value must be ≥ 0; found " + maxAbs);
        }
        for (Tensor p : distinct(params)) {
            INDArray g = p.gradArray();
            if (g != null) {
                Transforms.min(g, maxAbs, false);
                Transforms.max(g, -maxAbs, false);
            }
        }
    }

    /**
     * One SGD step of {@code p} (PyTorch's {@code SGD}): {@code d = g + wd·p}; with momentum
     * {@code buf = μ·buf + (1 − dampening)·d} ({@code buf = d} on the first step), then {@code d = d + μ·buf}
     * (Nesterov) or {@code d = buf}; {@code p −= lr·d}. {@code buf} may be null when {@code momentum} is 0.
     * A parameter without a gradient is left as it is.
     */
    public static void sgd(Tensor p, Tensor buf, double lr, double momentum, double dampening, boolean nesterov,
                           double weightDecay, boolean firstStep) {
        INDArray g = p.gradArray();
        if (g == null) {
            return;
        }
        INDArray w = p.array();
        INDArray d = weightDecay != 0 ? g.add(w.mul(weightDecay)) : g;
        if (momentum != 0) {
            Objects.requireNonNull(buf, "momentum needs a buffer");
            INDArray b = buf.array();
            if (firstStep) {
                b.assign(d);
            } else {
                b.muli(momentum).addi(d.mul(1 - dampening));
            }
            d = nesterov ? d.add(b.mul(momentum)) : b;
        }
        w.subi(d.mul(lr));
    }

    /**
     * One Adam step of {@code p} (PyTorch's {@code Adam}, or {@code AdamW} when {@code decoupled}):
     * with L2 ({@code !decoupled}) {@code g = g + wd·p}; decoupled {@code p ·= 1 − lr·wd}; then
     * {@code m = β1·m + (1 − β1)·g}, {@code v = β2·v + (1 − β2)·g²},
     * {@code p −= lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)}. {@code step} counts from 1.
     */
    public static void adam(Tensor p, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
                            long step, double weightDecay, boolean decoupled) {
        INDArray g = p.gradArray();
        if (g == null) {
            return;
        }
        if (step < 1) {
            throw new IllegalArgumentException("Adam's step counts from 1; found " + step);
        }
        INDArray w = p.array();
        INDArray ma = m.array();
        INDArray va = v.array();
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        if (AdamKernel.applies(w, g, ma, va)) {
            AdamKernel.step(w, g, ma, va, lr, beta1, beta2, eps, bc1, bc2, weightDecay, decoupled);
            return;
        }
        if (weightDecay != 0) {
            if (decoupled) {
                w.muli(1 - lr * weightDecay);
            } else {
                g = g.add(w.mul(weightDecay));
            }
        }
        ma.muli(beta1).addi(g.mul(1 - beta1));
        va.muli(beta2).addi(g.mul(g).muli(1 - beta2));
        INDArray denom = Transforms.sqrt(va, true).divi(Math.sqrt(bc2)).addi(eps);
        w.subi(ma.div(denom).muli(lr / bc1));
    }

    /** Overwrites {@code target}'s values with {@code source}'s (same shape; cast to the target's dtype). */
    public static void assign(Tensor target, Tensor source) {
        if (!target.shape().equals(source.shape())) {
            throw new ShapeException("Cannot assign a tensor of shape " + source.shape() + " to one of shape "
                    + target.shape() + ".");
        }
        target.array().assign(source.array());
    }

    private static Collection<Tensor> distinct(Collection<Tensor> params) {
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (Tensor p : params) {
            seen.put(p, Boolean.TRUE);
        }
        return seen.keySet();
    }
}
