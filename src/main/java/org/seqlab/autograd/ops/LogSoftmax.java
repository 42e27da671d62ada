package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** {@code x - logsumexp(x)} over one axis, computed stably. */
public final class LogSoftmax extends Op {
    private final int axis;
    private int a;
    private INDArray y;

    public LogSoftmax(int axis) {
        super("log_softmax");
        this.axis = axis;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        a = Shape.of(x[0].shape()).axis(axis);
        y = save("y", logSoftmax(x[0], a));
        return y;
    }

    static INDArray logSoftmax(INDArray x, int a) {
        if (a == x.rank() - 1 && x.rank() >= 1) {
            return RowKernels.logSoftmax(x, null);  // over the last axis: one pass in Java over the rows
        }
        INDArray shifted = x.sub(Nd.expand(x.max(true, a), x.shape()));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, a), false);
        return shifted.subi(Nd.expand(lse, x.shape()));
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dx = g - softmax * sum(g, axis)
        if (a == y.rank() - 1 && y.rank() >= 1) {
            return new INDArray[] {RowKernels.logSoftmaxBackward(g, y)};
        }
        INDArray s = g.sum(true, a);
        return new INDArray[] {g.sub(Transforms.exp(y, true).muli(Nd.expand(s, g.shape())))};
    }
}
