package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code min(max(x, lo), hi)}; the gradient passes where {@code lo <= x <= hi}, as in PyTorch. */
public final class Clamp extends Op {
    private final double lo;
    private final double hi;
    private INDArray pass;

    public Clamp(double lo, double hi) {
        super("clamp");
        if (lo > hi) {
            throw new IllegalArgumentException("clamp needs lo <= hi; found lo=" + lo + ", hi=" + hi);
        }
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray y = Transforms.min(Transforms.max(x[0], lo, true), hi, false);
        pass = save("pass", y.eq(x[0]).castTo(x[0].dataType()));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(pass)};
    }
}
