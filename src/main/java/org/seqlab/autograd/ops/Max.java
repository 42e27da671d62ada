package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Maximum over axes (all when none given); the gradient is shared equally among tied maxima, as PyTorch's amax. */
public final class Max extends Reduction {
    private INDArray winners;

    public Max(boolean keepDims, int... axes) {
        super("max", keepDims, axes);
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        long[] out = resolve(x[0]);
        if (count == 0) {
            throw shapeError("the maximum of zero values is undefined");
        }
        INDArray m = axes.length == 0 ? x[0].dup() : x[0].max(true, axes);
        INDArray isMax = x[0].eq(Nd.expand(Nd.reshape(m, keptShape), inShape)).castTo(x[0].dataType());
        INDArray ties = axes.length == 0 ? isMax : isMax.sum(true, axes);
        winners = save("winners", isMax.divi(Nd.expand(Nd.reshape(ties, keptShape), inShape)));
        return Nd.reshape(m, out);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {spread(g).mul(winners)};
    }
}
