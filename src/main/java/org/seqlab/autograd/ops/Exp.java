package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code exp(x)}. */
public final class Exp extends Op {
    private INDArray y;

    public Exp() {
        super("exp");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        y = save("y", Transforms.exp(x[0], true));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(y)};
    }
}
