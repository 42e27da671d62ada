package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Sum over axes (all when none given). */
public final class Sum extends Reduction {
    public Sum(boolean keepDims, int... axes) {
        super("sum", keepDims, axes);
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        return sumOver(x[0], resolve(x[0]));
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {spread(g).dup()};
    }
}
