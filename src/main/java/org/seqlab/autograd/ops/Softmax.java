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
            // over the last axis: row and column broadcast ops on the (N, C) rows, nothing copied out
            INDArray x2 = Nd.rows(x);
            INDArray e = Transforms.exp(x2.subColumnVector(x2.max(true, 1)), false);
            return Nd.unrows(e.diviColumnVector(e.sum(true, 1)), x.shape());
        }
        INDArray shifted = x.sub(Nd.expand(x.max(true, a), x.shape()));
        INDArray e = Transforms.exp(shifted, false);
        return e.divi(Nd.expand(e.sum(true, a), x.shape()));
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dx = y * (g - sum(g * y, axis))
        if (a == y.rank() - 1 && y.rank() >= 1) {
            INDArray g2 = Nd.rows(g);
            INDArray y2 = Nd.rows(y);
            INDArray dot2 = g2.mul(y2).sum(true, 1);
            return new INDArray[] {Nd.unrows(g2.subColumnVector(dot2).muli(y2), y.shape())};
        }
        INDArray dot = g.mul(y).sum(true, a);
        return new INDArray[] {g.sub(Nd.expand(dot, g.shape())).muli(y)};
    }
}
