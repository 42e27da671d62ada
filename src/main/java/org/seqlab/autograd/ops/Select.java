package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** {@code x[..., i, ...]}: one index along one dimension, which disappears (time step t of (B,T,H) is (B,H)). */
public final class Select extends Op {
    private final int dim;
    private final long index;
    private INDArrayIndex[] at;
    private long[] inShape;
    private long[] keptShape;
    /** The resolved axis and index of this pass. */
    private int axis;
    private long point;

    public Select(int dim, long index) {
        super("select");
        this.dim = dim;
        this.index = index;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        inShape = x[0].shape();
        if (inShape.length == 0) {
            throw shapeError("a scalar has no dimension to select from");
        }
        int d = Shape.of(inShape).axis(dim);
        long n = inShape[d];
        long i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw shapeError("index " + index + " is out of range for dimension " + d + " of size " + n);
        }
        at = NDArrayIndex.allFor(x[0]);
        at[d] = NDArrayIndex.interval(i, i + 1);
        keptShape = inShape.clone();
        keptShape[d] = 1;
        axis = d;
        point = i;
        if (Pointwise.rowMajorFloat(x[0])) {
            return Pointwise.slice(x[0], d, i, i + 1, Nd.dropAxes(inShape, new int[] {d}));
        }
        return Nd.reshape(x[0].get(at).dup('c'), Nd.dropAxes(inShape, new int[] {d}));
    }

    @Override
    protected boolean hasPartialInputGradient() {
        return true;
    }

    @Override
    protected void accumulateInputGradient(INDArray g, INDArray accumulator) {
        if (Pointwise.rowMajorFloat(accumulator) && g.dataType() == DataType.FLOAT) {
            Pointwise.addIntoSlice(accumulator, axis, point, point + 1, g);
            return;
        }
        Pointwise.addInto(accumulator.get(at), Nd.reshape(g, keptShape));
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray full = Nd4j.zeros(g.dataType(), inShape);
        full.get(at).assign(Nd.reshape(g, keptShape));
        return new INDArray[] {full};
    }
}
