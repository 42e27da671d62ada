package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code a + b} with broadcasting. */
public final class Add extends Broadcasting {
    public Add() {
        super("add");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray bias = Nd.addRowVector(x[0], x[1]);
        if (bias != null) {
            return bias;
        }
        INDArray[] e = expandInputs(x[0], x[1]);
        return FloatMaps.binary(e[0], e[1]) ? FloatMaps.map(e[0], e[1], FloatMaps::add) : e[0].add(e[1]);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {
            needsGrad(0) ? toInput(0, g) : null,
            needsGrad(1) ? toInput(1, g) : null};
    }
}
