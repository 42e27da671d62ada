package org.seqlab.autograd.ops;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;

/**
 * Inverted dropout: each value is kept with probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}.
 * The mask comes from {@code seed} alone, so a pass re-recorded with the same seed drops the same units.
 */
public final class Dropout extends Op {
    private final double p;
    private final long seed;
    private INDArray scaledMask;

    public Dropout(double p, long seed) {
        super("dropout");
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1]; found " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        long n = x[0].length();
        SplittableRandom rng = new SplittableRandom(seed);
        double scale = p >= 1 ? 0 : 1.0 / (1.0 - p);
        double[] m = new double[Math.toIntExact(n)];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() >= p ? scale : 0;
        }
        INDArray mask = x[0].rank() == 0 ? Nd4j.scalar(DataType.DOUBLE, m[0]) : Nd4j.create(m, x[0].shape(), DataType.DOUBLE);
        scaledMask = save("mask", mask.castTo(x[0].dataType()));
        return x[0].mul(scaledMask);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(scaledMask)};
    }
}
