package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** Base of the elementwise binary ops: NumPy broadcasting of two inputs, and its reverse for gradients. */
abstract class Broadcasting extends Op {
    /** The broadcast output shape. */
    protected long[] outShape;

    protected Broadcasting(String name) {
        super(name);
    }

    /** Checks that the inputs broadcast and returns them expanded to the output shape. */
    protected final INDArray[] expandInputs(INDArray a, INDArray b) {
        outShape = Nd.broadcastShape(a.shape(), b.shape());
        if (outShape == null) {
            throw shapeError("shapes do not broadcast: aligned from the right, each pair of sizes must be equal or "
                    + "one of them 1 (" + Shape.of(a.shape()) + " vs " + Shape.of(b.shape()) + ")");
        }
        return new INDArray[] {Nd.expand(a, outShape), Nd.expand(b, outShape)};
    }

    /** Sums a gradient of the output shape down to input {@code i}'s shape. */
    protected final INDArray toInput(int i, INDArray g) {
        return Nd.unbroadcast(g, input(i).array().shape());
    }
}
