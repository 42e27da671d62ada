package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code |x|}; the gradient at 0 is 0, as in PyTorch. */
public final class Abs extends Op {
    private INDArray x;

    public Abs() {
        super("abs");
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        x = in[0];
        return Transforms.abs(x, true);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(Transforms.sign(x, true))};
    }
}
