package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over axes (all when none given). */
public final class Mean extends Reduction {
    public Mean(boolean keepDims, int... axes) {
        super("mean", keepDims, axes);
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        long[] out = resolve(x[0]);
        if (count == 0) {
            throw shapeError("the mean of zero values is undefined");
        }
        return sumOver(x[0], out).divi(count);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {spread(g).div(count)};
    }
}
