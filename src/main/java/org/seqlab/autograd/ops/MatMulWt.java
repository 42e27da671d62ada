package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * {@code x W^T} for x {@code (..., k)} and a weight W {@code (n, k)} stored as PyTorch stores it: one GEMM over all
 * rows of x with W transposed by the GEMM's flag, so no transposed copy of W is made, forward or backward. The
 * same values as {@code matmul(x, transpose(W))}; layers use it on the untraced (training) route.
 */
public final class MatMulWt extends Op {
    private INDArray x2;
    private INDArray w;
    private long[] xShape;

    public MatMulWt() {
        super("matmul_wt");
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        w = in[1];
        if (x.rank() < 1 || w.rank() != 2) {
            throw shapeError("matmul_wt needs x (..., k) and a weight (n, k); found " + Shape.of(x.shape()) + " and "
                    + Shape.of(w.shape()));
        }
        long k = x.size(-1);
        if (w.size(1) != k) {
            throw shapeError("the weight " + Shape.of(w.shape()) + " needs " + k + " columns to match x "
                    + Shape.of(x.shape()));
        }
        xShape = x.shape();
        x2 = x.rank() == 2 ? x : x.reshape('c', x.length() / k, k);
        INDArray y = Nd4j.gemm(x2, w, false, true);
        long[] outShape = xShape.clone();
        outShape[outShape.length - 1] = w.size(0);
        return Nd.unrows(y, outShape);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray g2 = Nd.rows(g);
        return new INDArray[] {
            needsGrad(0) ? Nd.unrows(Nd4j.gemm(g2, w, false, false), xShape) : null,
            needsGrad(1) ? Nd4j.gemm(g2, x2, true, false) : null};
    }
}
