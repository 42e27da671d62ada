package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code x^p} for a constant exponent {@code p}. */
public final class Pow extends Op {
    private final double p;
    private INDArray x;

    public Pow(double p) {
        super("pow");
        this.p = p;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        x = in[0];
        return Transforms.pow(x, p, true);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(Transforms.pow(x, p - 1, true).muli(p))};
    }
}
