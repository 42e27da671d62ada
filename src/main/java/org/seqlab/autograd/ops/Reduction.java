package org.seqlab.autograd.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;

/** Base of the reductions over axes (all axes when none are given), with or without kept dimensions. */
abstract class Reduction extends Op {
    private final int[] requestedAxes;
    protected final boolean keepDims;
    protected int[] axes;
    protected long[] inShape;
    protected long[] keptShape;
    protected long count;

    protected Reduction(String name, boolean keepDims, int... axes) {
        super(name);
        this.requestedAxes = axes.clone();
        this.keepDims = keepDims;
    }

    /** Resolves the axes against the input and returns the output shape. */
    protected final long[] resolve(INDArray x) {
        inShape = x.shape();
        int r = inShape.length;
        if (requestedAxes.length == 0) {
            axes = Nd.allAxes(r);
        } else {
            boolean[] seen = new boolean[r];
            axes = new int[requestedAxes.length];
            for (int i = 0; i < axes.length; i++) {
                int a = requestedAxes[i] < 0 ? requestedAxes[i] + r : requestedAxes[i];
                if (a < 0 || a >= r || seen[a]) {
                    throw shapeError("axes " + Arrays.toString(requestedAxes) + " are not distinct axes of a rank-" + r
                            + " tensor (valid: " + -r + ".." + (r - 1) + ")");
                }
                seen[a] = true;
                axes[i] = a;
            }
            Arrays.sort(axes);
        }
        keptShape = Nd.keepDimsShape(inShape, axes);
        count = 1;
        for (int a : axes) {
            count *= inShape[a];
        }
        return keepDims ? keptShape : Nd.dropAxes(inShape, axes);
    }

    /** Sums over the resolved axes, shaped as the output. */
    protected final INDArray sumOver(INDArray x, long[] outShape) {
        if (axes.length == 0) {
            return x.dup();
        }
        return Nd.reshape(x.sum(true, axes), outShape);
    }

    /** A gradient of the output shape, repeated back over the reduced axes to the input shape. */
    protected final INDArray spread(INDArray g) {
        return Nd.expand(Nd.reshape(g, keptShape), inShape);
    }
}
