package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code max(x, 0)}; the gradient at 0 is 0, as in PyTorch. */
public final class Relu extends Op {
    private INDArray positive;

    public Relu() {
        super("relu");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        positive = save("positive", x[0].gt(0).castTo(x[0].dataType()));
        return Transforms.relu(x[0], true);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(positive)};
    }
}
