package org.seqlab.autograd.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.autograd.Gemm;
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
            return Gemm.times(a, b, false, false);
        }
        long[] outShape = withMatrix(batch, m, n);
        long nb = Nd.prod(batch);
        if (b.rank() == 2) {
            // (..., m, k) x (k, n): one GEMM over all rows
            return Gemm.times(a.reshape('c', nb * m, k1), b, false, false).reshape('c', outShape);
        }
        Operand a3 = operand(a, withMatrix(batch, m, k1), nb);
        Operand b3 = operand(b, withMatrix(batch, k1, n), nb);
        return Gemm.times(a3.matrices, b3.matrices, a3.transposed, b3.transposed).reshape('c', outShape);
    }

    /** A batch of matrices for the batched GEMM, or its transpose with the GEMM's flag set. */
    private record Operand(INDArray matrices, boolean transposed) {
    }

    /**
     * {@code x} as {@code (nb, rows, cols)}: a view when x is contiguous; when x is the transpose of the last two axes
     * of a contiguous array (attention's {@code kᵀ}), that array as {@code (nb, cols, rows)} with the transpose flag,
     * which the GEMM takes instead of a copy; otherwise a row-major copy (broadcast batches expanded).
     */
    private static Operand operand(INDArray x, long[] full, long nb) {
        int r = x.rank();
        if (Arrays.equals(x.shape(), full) && r >= 3) {
            int[] swap = new int[r];
            for (int i = 0; i < r; i++) {
                swap[i] = i;
            }
            swap[r - 2] = r - 1;
            swap[r - 1] = r - 2;
            INDArray back = x.permute(swap);
            if (!isRowMajor(x) && isRowMajor(back)) {
                return new Operand(back.reshape('c', nb, x.size(-1), x.size(-2)), true);
            }
        }
        return new Operand(Nd.expand(x, full).reshape('c', nb, full[full.length - 2], full[full.length - 1]), false);
    }

    private static boolean isRowMajor(INDArray x) {
        return x.ordering() == 'c' && x.elementWiseStride() == 1
                && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(x);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        long m = a.size(-2);
        long k = a.size(-1);
        long n = b.size(-1);
        if (a.rank() == 2 && b.rank() == 2) {
            // the transposes go to the GEMM as flags, not as copies
            return new INDArray[] {
                needsGrad(0) ? Gemm.times(g, b, false, true) : null,
                needsGrad(1) ? Gemm.times(a, g, true, false) : null};
        }
        long nb = Nd.prod(batch);
        INDArray g3 = g.reshape('c', nb, m, n);
        INDArray ga = null;
        INDArray gb = null;
        if (b.rank() == 2) {
            INDArray g2 = g.reshape('c', nb * m, n);
            if (needsGrad(0)) {
                ga = Nd.unbroadcast(Gemm.times(g2, b, false, true).reshape('c', withMatrix(batch, m, k)), a.shape());
            }
            if (needsGrad(1)) {
                gb = Gemm.times(a.reshape('c', nb * m, k), g2, true, false);
            }
            return new INDArray[] {ga, gb};
        }
        if (!isRowMajor(g3)) {
            g3 = g3.dup('c');
        }
        if (needsGrad(0)) {
            // dA = g B^T: B's transpose (or, for a transposed B, B's own matrices) by the GEMM's flag, not a copy
            Operand b3 = operand(b, withMatrix(batch, k, n), nb);
            INDArray full = Gemm.times(g3, b3.matrices, false, !b3.transposed);
            ga = Nd.unbroadcast(full.reshape('c', withMatrix(batch, m, k)), a.shape());
        }
        if (needsGrad(1)) {
            // dB = A^T g
            Operand a3 = operand(a, withMatrix(batch, m, k), nb);
            INDArray full = Gemm.times(a3.matrices, g3, !a3.transposed, false);
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
