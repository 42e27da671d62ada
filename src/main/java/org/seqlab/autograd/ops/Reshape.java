package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/** Same values, new shape (row-major); one size may be -1 and is inferred. */
public final class Reshape extends Op {
    private final long[] requested;
    private long[] inShape;

    public Reshape(long... shape) {
        super("reshape");
        this.requested = shape.clone();
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        inShape = x[0].shape();
        long n = x[0].length();
        long[] s = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw shapeError("only one size may be -1; found " + java.util.Arrays.toString(requested));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw shapeError("sizes must be >= 0 or -1 (inferred); found " + s[i]);
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw shapeError("cannot infer the -1 size of " + java.util.Arrays.toString(requested) + ": " + n
                        + " values do not divide into blocks of " + known);
            }
            s[infer] = n / known;
        }
        if (Nd.prod(s) != n) {
            throw shapeError("cannot reshape " + n + " values into " + Shape.of(s) + " (" + Nd.prod(s) + " values)");
        }
        return Nd.reshape(x[0], s);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {Nd.reshape(g, inShape)};
    }
}
