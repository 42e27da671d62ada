package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code a * b} elementwise with broadcasting. */
public final class Mul extends Broadcasting {
    private INDArray a;
    private INDArray b;

    public Mul() {
        super("mul");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray[] e = expandInputs(x[0], x[1]);
        a = e[0];
        b = e[1];
        return a.mul(b);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {
            needsGrad(0) ? toInput(0, g.mul(b)) : null,
            needsGrad(1) ? toInput(1, g.mul(a)) : null};
    }
}
