package org.seqlab.autograd.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Op;

/** Reorders dimensions: output dim {@code i} is input dim {@code dims[i]}. Transpose is a permute of two. */
public final class Permute extends Op {
    private final int[] dims;
    private int[] inverse;

    public Permute(int... dims) {
        super("permute");
        this.dims = dims.clone();
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        int r = x[0].rank();
        if (dims.length != r) {
            throw shapeError("permute needs one entry per dimension (" + r + "); found " + Arrays.toString(dims));
        }
        int[] resolved = new int[r];
        boolean[] seen = new boolean[r];
        inverse = new int[r];
        for (int i = 0; i < r; i++) {
            int d = dims[i] < 0 ? dims[i] + r : dims[i];
            if (d < 0 || d >= r || seen[d]) {
                throw shapeError("permute needs each of the dimensions 0.." + (r - 1) + " exactly once; found "
                        + Arrays.toString(dims));
            }
            seen[d] = true;
            resolved[i] = d;
            inverse[d] = i;
        }
        return x[0].permute(resolved).dup('c');
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.permute(inverse).dup('c')};
    }
}
