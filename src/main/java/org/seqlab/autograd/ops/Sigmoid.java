package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/** {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends Op {
    private INDArray y;

    public Sigmoid() {
        super("sigmoid");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        // float32 in Java (vectorised; ND4J's sigmoid is scalar and each op call costs microseconds)
        y = save("y", FloatMaps.unary(x[0]) ? FloatMaps.map(x[0], FloatKernels::sigmoid)
                : Transforms.sigmoid(x[0], true));
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        // dy/dx = y (1 - y)
        if (FloatMaps.binary(g, y)) {
            return new INDArray[] {FloatMaps.map(g, y, FloatMaps::sigmoidGrad)};
        }
        return new INDArray[] {g.mul(y).muli(y.rsub(1))};
    }
}
