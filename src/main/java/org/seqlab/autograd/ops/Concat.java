package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** Joins tensors along an existing dimension; all other sizes must agree. */
public final class Concat extends Op {
    private final int dim;
    private int d;
    private long[] sizes;

    public Concat(int dim) {
        super("concat");
        this.dim = dim;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        long[] first = x[0].shape();
        if (first.length == 0) {
            throw shapeError("concat needs tensors with at least one dimension; use stack for scalars");
        }
        d = Shape.of(first).axis(dim);
        sizes = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            long[] s = x[i].shape();
            if (s.length != first.length) {
                throw shapeError("tensor " + i + " has rank " + s.length + " but tensor 0 has rank " + first.length);
            }
            for (int j = 0; j < s.length; j++) {
                if (j != d && s[j] != first[j]) {
                    throw shapeError("tensor " + i + " has size " + s[j] + " in dimension " + j + " but tensor 0 has "
                            + first[j] + "; all sizes except dimension " + d + " must agree");
                }
            }
            sizes[i] = s[d];
        }
        return x.length == 1 ? x[0].dup('c') : Nd4j.concat(d, x);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray[] r = new INDArray[sizes.length];
        long start = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (needsGrad(i)) {
                INDArrayIndex[] idx = NDArrayIndex.allFor(g);
                idx[d] = NDArrayIndex.interval(start, start + sizes[i]);
                r[i] = g.get(idx).dup('c');
            }
            start += sizes[i];
        }
        return r;
    }
}
