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
        if (x[1].length() == 1 && x[0].rank() >= x[1].rank() && Double.isFinite(x[1].getDouble(0))) {
            // times one finite number (a scale): no copy of it out to the full shape (libnd4j's scalar op does
            // not carry a NaN factor through, so NaN and infinities take the broadcast route)
            a = x[0];
            b = x[1];
            return a.mul(b.getDouble(0));
        }
        INDArray[] e = expandInputs(x[0], x[1]);
        a = e[0];
        b = e[1];
        return FloatMaps.binary(a, b) ? FloatMaps.map(a, b, FloatMaps::multiply) : a.mul(b);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        if (b.length() == 1 && !java.util.Arrays.equals(b.shape(), g.shape())) {
            return new INDArray[] {
                needsGrad(0) ? g.mul(b.getDouble(0)) : null,
                needsGrad(1) ? Nd.reshape(g.mul(a).sum(), b.shape()) : null};
        }
        return new INDArray[] {
            needsGrad(0) ? toInput(0, times(g, b)) : null,
            needsGrad(1) ? toInput(1, times(g, a)) : null};
    }

    private static INDArray times(INDArray g, INDArray v) {
        return FloatMaps.binary(g, v) ? FloatMaps.map(g, v, FloatMaps::multiply) : g.mul(v);
    }
}
