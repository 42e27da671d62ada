package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Shape;

/** {@code cond ? a : b} elementwise; all three broadcast together. */
public final class Where extends Broadcasting {
    private INDArray chosen;

    public Where() {
        super("where");
    }

    @Override
    protected boolean isMaskInput(int i) {
        return i == 0;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray[] ab = expandInputs(x[1], x[2]);
        long[] s = Nd.broadcastShape(x[0].shape(), outShape);
        if (s == null) {
            throw shapeError("the condition " + Shape.of(x[0].shape()) + " does not broadcast with "
                    + Shape.of(outShape));
        }
        outShape = s;
        INDArray a = Nd.expand(ab[0], s);
        INDArray b = Nd.expand(ab[1], s);
        chosen = save("cond", Nd.expand(Nd.ones01(x[0], a.dataType()), s));
        return Nd.select(chosen, a, b);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {
            null,
            needsGrad(1) ? Nd.unbroadcast(g.mul(chosen), input(1).array().shape()) : null,
            needsGrad(2) ? Nd.unbroadcast(g.mul(chosen.rsub(1)), input(2).array().shape()) : null};
    }
}
