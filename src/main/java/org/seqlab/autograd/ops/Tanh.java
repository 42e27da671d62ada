package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code tanh(x)}. */
public final class Tanh extends Op {
    private INDArray y;

    public Tanh() {
        super("tanh");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        // float32 in Java (vectorised; ND4J's tanh is scalar and each op call costs microseconds)
        y = save("y", FloatMaps.unary(x[0]) ? FloatMaps.map(x[0], FloatMaps::tanh) : Transforms.tanh(x[0], true));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dy/dx = 1 - y^2
        if (FloatMaps.binary(g, y)) {
            return new INDArray[] {FloatMaps.map(g, y, FloatMaps::tanhGrad)};
        }
        return new INDArray[] {g.mul(y.mul(y).rsubi(1))};
    }
}
