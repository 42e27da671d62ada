package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** Softmax over one axis, computed stably (the row maximum is subtracted first). */
public final class Softmax extends Op {
    private final int axis;
    private int a;
    private INDArray y;

    public Softmax(int axis) {
        super("softmax");
        this.axis = axis;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        a = Shape.of(x[0].shape()).axis(axis);
        y = save("y", softmax(x[0], a));
        return y;
    }

    static INDArray softmax(INDArray x, int a) {
        if (a == x.rank() - 1 && x.rank() >= 1) {
            return RowKernels.softmax(x);           // over the last axis: one pass in Java over the rows
        }
        INDArray shifted = x.sub(Nd.expand(x.max(true, a), x.shape()));
        INDArray e = Transforms.exp(shifted, false);
        return e.divi(Nd.expand(e.sum(true, a), x.shape()));
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dx = y * (g - sum(g * y, axis))
        if (a == y.rank() - 1 && y.rank() >= 1) {
            return new INDArray[] {RowKernels.softmaxBackward(g, y)};
        }
        INDArray dot = g.mul(y).sum(true, a);
        return new INDArray[] {g.sub(Nd.expand(dot, g.shape())).muli(y)};
    }
}
