package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;

/** {@code -x}. */
public final class Neg extends Op {
    public Neg() {
        super("neg");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        return x[0].neg();
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.neg()};
    }
}
