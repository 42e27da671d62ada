package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends Op {
    private INDArray y;

    public Sigmoid() {
        super("sigmoid");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        y = save("y", Transforms.sigmoid(x[0], true));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dy/dx = y (1 - y)
        return new INDArray[] {g.mul(y).muli(y.rsub(1))};
    }
}
