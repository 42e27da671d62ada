package org.seqlab.nn;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/**
 * PyTorch's {@code nn.Dropout(p)}: active in training mode only. Each call draws a new mask from a seeded
 * sequence, so a run re-recorded after {@link #reseed} drops the same units again.
 */
public final class Dropout extends Module {
    private final double p;
    private long seed;
    private long calls;

    public Dropout(double p, long seed, DType dtype) {
        super(dtype);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1); found " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    public double p() {
        return p;
    }

    /** Restarts the mask sequence. */
    public void reseed(long newSeed) {
        this.seed = newSeed;
        this.calls = 0;
    }

    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        long callSeed = seed * 0x9E3779B97F4A7C15L + (calls++);
        try (var s = enter()) {
            return F.dropout(x, p, true, callSeed);
        }
    }
}
