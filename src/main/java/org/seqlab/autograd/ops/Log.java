package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** Natural logarithm {@code ln(x)}. */
public final class Log extends Op {
    private INDArray x;

    public Log() {
        super("log");
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        x = in[0];
        return Transforms.log(x, true);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.div(x)};
    }
}
