package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * {@code x W^T} for x {@code (..., k)} and a weight W {@code (n, k)} stored as PyTorch stores it: one GEMM over all
 * rows of x with W transposed by the GEMM's flag, so no transposed copy of W is made, forward or backward. The
 * same values as {@code matmul(x, transpose(W))}. W's gradient goes straight into W's sum (one GEMM with
 * β = 1), so the recurrent layers, which read W at every step, keep no weight-sized array per step, traced or not.
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
        INDArray y = Gemm.times(x2, w, false, true);
        long[] outShape = xShape.clone();
        outShape[outShape.length - 1] = w.size(0);
        return Nd.unrows(y, outShape);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray g2 = Nd.rows(g);
        return new INDArray[] {
            needsGrad(0) ? Nd.unrows(Gemm.times(g2, w, false, false), xShape) : null,
            needsGrad(1) ? Gemm.times(g2, x2, true, false) : null};
    }

    /** dW = gᵀ x goes straight into W's gradient sum: one GEMM with β = 1, no array per use of W. */
    @Override
    protected boolean accumulatesGradient(int i) {
        return i == 1;
    }

    @Override
    protected void accumulateGradient(int i, INDArray g, INDArray accumulator) {
        if (i != 1) {
            super.accumulateGradient(i, g, accumulator);
            return;
        }
        Gemm.into(Nd.rows(g), x2, accumulator, true, false, 1.0, 1.0);
    }

    /** W's share gᵀ x as its two factors: the tape may stack those of every step and make one GEMM of them. */
    @Override
    protected INDArray[] gradientFactors(int i, INDArray g) {
        return i == 1 ? new INDArray[] {Nd.rows(g), x2} : null;
    }

    @Override
    protected INDArray inputGradient(int i, INDArray g) {
        return i == 1 ? Gemm.times(Nd.rows(g), x2, true, false) : super.inputGradient(i, g);
    }
}
