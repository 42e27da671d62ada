package org.seqlab.autograd.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.autograd.Op;

/** Stacks equally shaped tensors along a new dimension ({@code stack} of T vectors (B,H) at 1: (B,T,H)). */
public final class Stack extends Op {
    private final int dim;
    private int d;
    private long[] itemShape;

    public Stack(int dim) {
        super("stack");
        this.dim = dim;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("stack needs at least one tensor");
        }
        itemShape = x[0].shape();
        int r = itemShape.length + 1;
        d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw shapeError("stack dimension " + dim + " does not exist for rank " + itemShape.length
                    + " inputs: valid are " + -r + ".." + (r - 1));
        }
        long[] expanded = new long[r];
        for (int i = 0, j = 0; i < r; i++) {
            expanded[i] = i == d ? 1 : itemShape[j++];
        }
        INDArray[] parts = new INDArray[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!Arrays.equals(x[i].shape(), itemShape)) {
                throw shapeError("tensor " + i + " differs in shape from tensor 0; stack needs equal shapes");
            }
            parts[i] = Nd.reshape(x[i], expanded);
        }
        return parts.length == 1 ? parts[0].dup('c') : Nd4j.concat(d, parts);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray[] r = new INDArray[inputCount()];
        for (int i = 0; i < r.length; i++) {
            if (needsGrad(i)) {
                INDArrayIndex[] idx = NDArrayIndex.allFor(g);
                idx[d] = NDArrayIndex.interval(i, i + 1);
                r[i] = Nd.reshape(g.get(idx).dup('c'), itemShape);
            }
        }
        return r;
    }
}
