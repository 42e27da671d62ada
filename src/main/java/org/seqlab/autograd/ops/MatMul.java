package org.seqlab.autograd.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * Matrix product of the last two dimensions, batched over the leading ones (which broadcast):
 * {@code (m,k) x (k,n)}, {@code (B,m,k) x (k,n)}, {@code (B,h,T,d) x (B,h,d,T)}.
 */
public final class MatMul extends Op {
    private INDArray a;
    private INDArray b;
    private long[] batch;

    public MatMul() {
        super("matmul");
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        a = x[0];
        b = x[1];
        if (a.rank() < 2 || b.rank() < 2) {
            throw shapeError("matmul needs matrices (rank 2 or more) on both sides; reshape a vector v to (1,n) or (n,1)");
        }
        long k1 = a.size(-1);
        long k2 = b.size(-2);
        if (k1 != k2) {
            throw shapeError("inner dimensions " + k1 + " and " + k2 + " differ");
        }
        long[] ba = Arrays.copyOf(a.shape(), a.rank() - 2);
        long[] bb = Arrays.copyOf(b.shape(), b.rank() - 2);
        batch = Nd.broadcastShape(ba, bb);
        if (batch == null) {
            throw shapeError("batch dimensions " + Shape.of(ba) + " and " + Shape.of(bb) + " do not broadcast");
        }
        long m = a.size(-2);
        long n = b.size(-1);
        if (a.rank() == 2 && b.rank() == 2) {
            return Nd4j.gemm(a, b, false, false);
        }
        long[] outShape = withMatrix(batch, m, n);
        long nb = Nd.prod(batch);
        if (b.rank() == 2) {
            // (..., m, k) x (k, n): one GEMM over all rows
            return Nd4j.gemm(a.reshape('c', nb * m, k1), b, false, false).reshape('c', outShape);
        }
        INDArray a3 = Nd.expand(a, withMatrix(batch, m, k1)).reshape('c', nb, m, k1);
        INDArray b3 = Nd.expand(b, withMatrix(batch, k1, n)).reshape('c', nb, k1, n);
        return Nd4j.matmul(a3, b3).reshape('c', outShape);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        long m = a.size(-2);
        long k = a.size(-1);
        long n = b.size(-1);
        if (a.rank() == 2 && b.rank() == 2) {
            // the transposes go to the GEMM as flags, not as copies
            return new INDArray[] {
                needsGrad(0) ? Nd4j.gemm(g, b, false, true) : null,
                needsGrad(1) ? Nd4j.gemm(a, g, true, false) : null};
        }
        long nb = Nd.prod(batch);
        INDArray g3 = g.reshape('c', nb, m, n);
        INDArray ga = null;
        INDArray gb = null;
        if (b.rank() == 2) {
            INDArray g2 = g.reshape('c', nb * m, n);
            if (needsGrad(0)) {
                ga = Nd.unbroadcast(Nd4j.gemm(g2, b, false, true).reshape('c', withMatrix(batch, m, k)), a.shape());
            }
            if (needsGrad(1)) {
                gb = Nd4j.gemm(a.reshape('c', nb * m, k), g2, true, false);
            }
            return new INDArray[] {ga, gb};
        }
        INDArray a3 = Nd.expand(a, withMatrix(batch, m, k)).reshape('c', nb, m, k);
        INDArray b3 = Nd.expand(b, withMatrix(batch, k, n)).reshape('c', nb, k, n);
        if (needsGrad(0)) {
            // dA = g B^T
            INDArray full = Nd4j.matmul(g3, b3.permute(0, 2, 1).dup('c'));
            ga = Nd.unbroadcast(full.reshape('c', withMatrix(batch, m, k)), a.shape());
        }
        if (needsGrad(1)) {
            // dB = A^T g
            INDArray full = Nd4j.matmul(a3.permute(0, 2, 1).dup('c'), g3);
            gb = Nd.unbroadcast(full.reshape('c', withMatrix(batch, k, n)), b.shape());
        }
        return new INDArray[] {ga, gb};
    }

    private static long[] withMatrix(long[] batch, long rows, long cols) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }
}
