package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code tanh(x)}. */
public final class Tanh extends Op {
    private INDArray y;

    public Tanh() {
        super("tanh");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        y = save("y", Transforms.tanh(x[0], true));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dy/dx = 1 - y^2
        return new INDArray[] {g.mul(y.mul(y).rsubi(1))};
    }
}
