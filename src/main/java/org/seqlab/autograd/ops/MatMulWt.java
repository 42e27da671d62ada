package org.seqlab.autograd.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Gemm;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * {@code x W^T} for x {@code (..., k)} and a weight W {@code (n, k)} stored as PyTorch stores it: one GEMM over all
 * rows of x with W transposed by the GEMM's flag, so no transposed copy of W is made, forward or backward. The
 * same values as {@code matmul(x, transpose(W))}. W's gradient goes straight into W's sum (one GEMM with
 * β = 1), so the recurrent layers, which read W at every step, keep no weight-sized array per step, traced or not.
 *
 * <p>With a bias {@code b (n)} (op {@code linear}, PyTorch's {@code F.linear}), {@code x W^T + b} in the same GEMM:
 * the result starts as b in every row and the product is added to it (β = 1), so there is no separate add, its
 * pass over the values or its array; b's gradient, the column sums of g, goes into b's sum by one GEMM with a row
 * of ones. Training takes it ({@code nn.Linear}, the recurrent layers' input projections); the debugger's trace
 * keeps the product and the add apart.
 */
public final class MatMulWt extends Op {
    private INDArray x2;
    private INDArray w;
    private long[] xShape;
    private final boolean biased;

    public MatMulWt() {
        this(false);
    }

    /** {@code x W^T}, or with {@code bias} {@code x W^T + b} (three inputs: x, W, b). */
    public MatMulWt(boolean bias) {
        super(bias ? "linear" : "matmul_wt");
        this.biased = bias;
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
        if (biased != (in.length == 3) || (biased && (in[2].rank() != 1 || in[2].size(0) != w.size(0)))) {
            throw shapeError(biased ? "linear needs x (..., k), a weight (n, k) and a bias (n); found the weight "
                    + Shape.of(w.shape()) + (in.length == 3 ? " and the bias " + Shape.of(in[2].shape()) : " alone")
                    : "matmul_wt takes x and a weight; found " + in.length + " inputs");
        }
        xShape = x.shape();
        x2 = x.rank() == 2 ? x : x.reshape('c', x.length() / k, k);
        INDArray y;
        if (biased) {
            y = rowsOf(in[2], x2.size(0));
            Gemm.into(x2, w, y, false, true, 1.0, 1.0);
        } else {
            y = Gemm.times(x2, w, false, true);
        }
        long[] outShape = xShape.clone();
        outShape[outShape.length - 1] = w.size(0);
        return Nd.unrows(y, outShape);
    }

    /** A new {@code (rows, n)} array with bias {@code b} in every row. */
    private static INDArray rowsOf(INDArray b, long rows) {
        int n = Math.toIntExact(b.size(0));
        int r = Math.toIntExact(rows);
        INDArray y = Nd4j.createUninitialized(b.dataType(), new long[] {rows, n}, 'c');
        if (b.dataType() == DataType.FLOAT) {
            float[] v = Pointwise.readFloats(b, n, null);
            FloatBuffer yb = y.data().asNioFloat();
            for (int i = 0; i < r; i++) {
                yb.put(i * n, v, 0, n);
            }
        } else if (b.dataType() == DataType.DOUBLE) {
            double[] v = b.toDoubleVector();
            DoubleBuffer yb = y.data().asNioDouble();
            for (int i = 0; i < r; i++) {
                yb.put(i * n, v, 0, n);
            }
        } else {
            y.assign(b.reshape(1, n).broadcast(rows, n));
        }
        return y;
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray g2 = Nd.rows(g);
        return new INDArray[] {
            needsGrad(0) ? Nd.unrows(Gemm.times(g2, w, false, false), xShape) : null,
            needsGrad(1) ? Gemm.times(g2, x2, true, false) : null,
            biased && needsGrad(2) ? Nd.unbroadcast(g2, new long[] {g2.size(1)}) : null};
    }

    /** The column sums of {@code g2 (rows, n)} added into b's sum {@code into (n)} (β = 1). */
    private static void addColumnSums(INDArray g2, INDArray into) {
        INDArray ones = Nd4j.ones(g2.dataType(), 1, g2.size(0));
        Gemm.into(ones, g2, into.reshape(1, g2.size(1)), false, false, 1.0, 1.0);
    }

    /**
     * dW = gᵀ x goes straight into W's gradient sum: one GEMM with β = 1, no array per use of W; b's column sums
     * likewise into b's.
     */
    @Override
    protected boolean accumulatesGradient(int i) {
        return i == 1 || (i == 2 && biased);
    }

    @Override
    protected void accumulateGradient(int i, INDArray g, INDArray accumulator) {
        if (i == 2 && biased) {
            addColumnSums(Nd.rows(g), accumulator);
            return;
        }
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
        if (i == 2 && biased) {
            return Nd.unbroadcast(Nd.rows(g), new long[] {g.size(-1)});
        }
        return i == 1 ? Gemm.times(Nd.rows(g), x2, true, false) : super.inputGradient(i, g);
    }
}
