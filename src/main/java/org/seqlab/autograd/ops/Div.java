package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code a / b} elementwise with broadcasting. */
public final class Div extends Broadcasting {
    private INDArray b;
    private INDArray y;

    public Div() {
        super("div");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray[] e = expandInputs(x[0], x[1]);
        b = e[1];
        y = save("y", e[0].div(b));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray gOverB = g.div(b);
        return new INDArray[] {
            needsGrad(0) ? toInput(0, gOverB) : null,
            needsGrad(1) ? toInput(1, gOverB.mul(y).negi()) : null};
    }
}
