package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code sqrt(x)}. */
public final class Sqrt extends Op {
    private INDArray y;

    public Sqrt() {
        super("sqrt");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        y = save("y", Transforms.sqrt(x[0], true));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.div(y.mul(2))};
    }
}
