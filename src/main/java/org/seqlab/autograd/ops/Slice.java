package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** {@code x[..., start:end, ...]} along one dimension (negative bounds count from the end, as in Python). */
public final class Slice extends Op {
    private final int dim;
    private final long start;
    private final long end;
    private INDArrayIndex[] index;
    private long[] inShape;

    public Slice(int dim, long start, long end) {
        super("slice");
        this.dim = dim;
        this.start = start;
        this.end = end;
    }

    /** The resolved axis and range of this pass. */
    private int axis;
    private long from;
    private long to;

    @Override
    protected INDArray forward(INDArray[] x) {
        inShape = x[0].shape();
        if (inShape.length == 0) {
            throw shapeError("a scalar has no dimension to slice");
        }
        int d = Shape.of(inShape).axis(dim);
        long n = inShape[d];
        long s = start < 0 ? start + n : start;
        long e = end < 0 ? end + n : Math.min(end, n);
        if (s < 0 || s >= n || e <= s) {
            throw shapeError("slice [" + start + ":" + end + "] of dimension " + d + " (size " + n
                    + ") is empty or out of range; give 0 <= start < end <= " + n);
        }
        index = NDArrayIndex.allFor(x[0]);
        index[d] = NDArrayIndex.interval(s, e);
        axis = d;
        from = s;
        to = e;
        if (Pointwise.rowMajorFloat(x[0])) {
            long[] shape = inShape.clone();
            shape[d] = e - s;
            return Pointwise.slice(x[0], d, s, e, shape);
        }
        return x[0].get(index).dup('c');
    }

    @Override
    protected boolean hasPartialInputGradient() {
        return true;
    }

    @Override
    protected void accumulateInputGradient(INDArray g, INDArray accumulator) {
        if (Pointwise.rowMajorFloat(accumulator) && g.dataType() == DataType.FLOAT) {
            Pointwise.addIntoSlice(accumulator, axis, from, to, g);
            return;
        }
        Pointwise.addInto(accumulator.get(index), g);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray full = Nd4j.zeros(g.dataType(), inShape);
        full.get(index).assign(g);
        return new INDArray[] {full};
    }
}
