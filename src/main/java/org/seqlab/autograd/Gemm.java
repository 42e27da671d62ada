package org.seqlab.autograd;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every matrix product of the lab: {@code C = α op(A) op(B) + β C}, computed by the OpenBLAS that ND4J loads,
 * through the same binding ND4J's own {@code CpuLevel3.sgemm} calls ({@code cblas_sgemm}/{@code cblas_dgemm}), but
 * with the operands' leading dimensions passed as they are: a row block, a column block or a transposed
 * view goes to the GEMM as it lies in memory, never as a copy, and none of {@code Nd4j.gemm}'s op set-up
 * (measured: a 32x256 by 256x1024 product 150 us this way, 170-210 us through {@code Nd4j.gemm}).
 *
 * <p>On more than one thread ({@link Workers}, which {@link Backend#setThreads} sets) a product large enough to
 * share ({@value #MIN_SPLIT_FLOPS} floating-point operations or more) is cut into as many blocks of C's rows or
 * columns (the longer side), or runs of a batch's matrices, as there are threads, each block single-threaded
 * GEMMs, run at once by the caller and the helper threads; OpenBLAS's own threads stay at one, so no pool
 * oversubscribes the cores. Cutting C computes the same dot products; in float32 a block may round in its last bits as a different OpenBLAS kernel
 * would (OpenBLAS picks its kernel by the product's sizes), well inside the lab's 1e-5 agreements.
 *
 * <p>Arrays whose layout the GEMM cannot read in place (neither row- nor column-major in their last two axes,
 * other than float32/float64, or with an empty side) go to {@code Nd4j.gemm}.
 */
public final class Gemm {
    /** The fewest floating-point operations ({@code 2 m n k}) for which a product is shared among the threads. */
    public static final long MIN_SPLIT_FLOPS = 1L << 20;
    private static volatile long minSplitFlops = MIN_SPLIT_FLOPS;
    /** Blocks are cut at multiples of this many rows or columns (the width of OpenBLAS's float32 kernels). */
    private static final int ALIGN = 16;

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private Gemm() {
    }

    /**
     * Shares every product of at least {@code flops} operations ({@value #MIN_SPLIT_FLOPS} unless changed): 0
     * shares all, as the tests do to cut the small products of a test model.
     */
    public static void setMinSplitFlops(long flops) {
        minSplitFlops = Math.max(0, flops);
    }

    /**
     * {@code op(A) op(B)} as a new row-major array: matrices {@code (m, n)}, or batches {@code (nb, m, n)} when
     * either operand is a batch {@code (nb, rows, cols)} (a matrix, or a batch of one, serves every product).
     */
    public static INDArray times(INDArray a, INDArray b, boolean transA, boolean transB) {
        checkOperands(a, b);
        long m = a.size(a.rank() - (transA ? 1 : 2));
        long n = b.size(b.rank() - (transB ? 2 : 1));
        long nb = batchOf(a, b);
        long[] shape = a.rank() == 2 && b.rank() == 2 ? new long[] {m, n} : new long[] {nb, m, n};
        INDArray c = Nd4j.createUninitialized(a.dataType(), shape, 'c');
        return into(a, b, c, transA, transB, 1.0, 0.0);
    }

    /**
     * {@code C = α op(A) op(B) + β C} in place (β = 0 ignores what C held, NaN included), for matrices or, with C
     * {@code (nb, m, n)}, for each of a batch; returns C.
     */
    public static INDArray into(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
            double beta) {
        checkOperands(a, b);
        int ra = a.rank();
        int rb = b.rank();
        long m = a.size(ra - (transA ? 1 : 2));
        long k = a.size(ra - (transA ? 2 : 1));
        long kb = b.size(rb - (transB ? 1 : 2));
        long n = b.size(rb - (transB ? 2 : 1));
        long nb = batchOf(a, b);
        boolean batched = ra == 3 || rb == 3;
        int rc = c.rank();
        boolean fits = batched ? rc == 3 && c.size(0) == nb && c.size(1) == m && c.size(2) == n
                : rc == 2 && c.size(0) == m && c.size(1) == n;
        if (k != kb || !fits) {
            throw new IllegalArgumentException("a product " + Shape.of(a.shape()) + (transA ? "ᵀ" : "") + " x "
                    + Shape.of(b.shape()) + (transB ? "ᵀ" : "") + " into " + Shape.of(c.shape())
                    + ": the inner sizes must be equal (found " + k + " and " + kb + ") and the result ("
                    + (batched ? nb + "," : "") + m + "," + n + "); check the operands' shapes");
        }
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        Layout lc = Layout.of(c);
        DataType type = c.dataType();
        boolean direct = la != null && lb != null && lc != null && m > 0 && n > 0 && k > 0 && nb > 0
                && (type == DataType.FLOAT || type == DataType.DOUBLE)
                && a.dataType() == type && b.dataType() == type && (nb == 1 || lc.batchStride >= m * n)
                && m <= Integer.MAX_VALUE && n <= Integer.MAX_VALUE && k <= Integer.MAX_VALUE
                && nb <= Integer.MAX_VALUE;
        if (!direct) {
            if (batched) {
                INDArray full = Nd4j.matmul(expand(a, nb), expand(b, nb), transA, transB, false);
                return c.assign(beta == 0 ? full.muli(alpha) : full.muli(alpha).addi(c.mul(beta)));
            }
            return Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
        }
        boolean dbl = type == DataType.DOUBLE;
        boolean ta = transA ^ la.transposed;
        boolean tb = transB ^ lb.transposed;
        Product p;
        if (!lc.transposed) {
            p = new Product(dbl, ta, tb, (int) nb, (int) m, (int) n, (int) k, alpha, beta, a, la, b, lb, c, lc);
        } else {
            // C is column-major: compute Cᵀ = op(B)ᵀ op(A)ᵀ, row-major
            p = new Product(dbl, !tb, !ta, (int) nb, (int) n, (int) m, (int) k, alpha, beta, b, lb, a, la, c, lc);
        }
        p.run();
        return c;
    }

    private static void checkOperands(INDArray a, INDArray b) {
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3) {
            throw new IllegalArgumentException("a product needs matrices (m, k) or batches of them (nb, m, k); found"
                    + " shapes " + Shape.of(a.shape()) + " and " + Shape.of(b.shape()));
        }
        long na = a.rank() == 3 ? a.size(0) : 1;
        long nb = b.rank() == 3 ? b.size(0) : 1;
        if (na != nb && na != 1 && nb != 1) {
            throw new IllegalArgumentException("the batches of a product must be equal or one; found "
                    + Shape.of(a.shape()) + " and " + Shape.of(b.shape()));
        }
    }

    private static long batchOf(INDArray a, INDArray b) {
        return Math.max(a.rank() == 3 ? a.size(0) : 1, b.rank() == 3 ? b.size(0) : 1);
    }

    /** {@code x} as a batch of {@code nb} matrices, broadcast (a copy) where it has one. */
    private static INDArray expand(INDArray x, long nb) {
        INDArray x3 = x.rank() == 3 ? x : x.reshape(1, x.size(0), x.size(1));
        return x3.size(0) == nb ? x3 : x3.broadcast(nb, x3.size(1), x3.size(2)).dup('c');
    }

    /**
     * Matrices on a grid in one array's buffer, as attention's heads lie in a projection {@code (B, T, 3C)}: matrix
     * {@code (i, j)}, {@code i < outer}, {@code j < inner}, starts {@code offset + i*outerStride + j*innerStride}
     * values into the array (a c-order array, read from its first element) and is {@code rows x cols} as stored,
     * row-major, its rows {@code ld} values apart.
     */
    public record Grid(INDArray array, long offset, int rows, int cols, int ld, int outer, long outerStride,
            int inner, long innerStride) {
        /** The same grid of another array, with another offset and leading dimension (the same matrices' places). */
        public Grid at(INDArray other, long offsetThere, int ldThere, long outerStrideThere, long innerStrideThere) {
            return new Grid(other, offsetThere, rows, cols, ldThere, outer, outerStrideThere, inner, innerStrideThere);
        }

        long count() {
            return (long) outer * inner;
        }

        /** Whether every matrix lies inside the array. */
        boolean fits() {
            long last = offset + (outer - 1L) * outerStride + (inner - 1L) * innerStride + (rows - 1L) * ld + cols;
            return rows > 0 && cols > 0 && ld >= cols && outer > 0 && inner > 0 && offset >= 0 && outerStride >= 0
                    && innerStride >= 0 && last <= array.length() && array.ordering() == 'c'
                    && array.elementWiseStride() == 1;
        }

        @Override
        public String toString() {
            return outer + "x" + inner + " matrices (" + rows + "," + cols + ") of " + Shape.of(array.shape());
        }
    }

    /**
     * {@code C = α op(A) op(B) + β C} for every matrix of three grids of the same {@code outer x inner} matrices
     * (attention's heads, read and written where they lie: no permuted copies), shared among the threads as a
     * batch is.
     */
    public static void grid(Grid a, boolean transA, Grid b, boolean transB, Grid c, double alpha, double beta) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        DataType type = c.array().dataType();
        if (k != kb || c.rows() != m || c.cols() != n || a.outer() != c.outer() || b.outer() != c.outer()
                || a.inner() != c.inner() || b.inner() != c.inner() || !a.fits() || !b.fits() || !c.fits()
                || (type != DataType.FLOAT && type != DataType.DOUBLE) || a.array().dataType() != type
                || b.array().dataType() != type || c.count() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a grid product " + a + (transA ? "ᵀ" : "") + " x " + b
                    + (transB ? "ᵀ" : "") + " into " + c + ": expected equal inner sizes (found " + k + " and " + kb
                    + "), a result of (" + m + "," + n + "), the same grid of matrices in each, every matrix inside "
                    + "its c-order float32 or float64 array, one dtype; check the operands");
        }
        new Product(type == DataType.DOUBLE, transA, transB, (int) c.count(), m, n, k, alpha, beta, a.array(),
                Layout.of(a), b.array(), Layout.of(b), c.array(), Layout.of(c)).run();
    }

    /**
     * How a matrix lies in its buffer, read as a row-major matrix: the leading dimension and whether the row-major
     * matrix read there is the array's transpose (a column-major array); for a batch or a grid, where matrix i
     * starts. A view's buffer ({@code INDArray.data()}) starts at the view's first element already, so an array's
     * own offset is never added.
     */
    private record Layout(int ld, boolean transposed, long batchStride, long base, int inner, long innerStride) {
        /** The layout of a matrix, or of each matrix of a batch {@code (nb, rows, cols)}; null if unreadable. */
        static Layout of(INDArray x) {
            int r = x.rank();
            if (x.isEmpty() || (r != 2 && r != 3)) {
                return null;
            }
            long rows = x.size(r - 2);
            long cols = x.size(r - 1);
            long s0 = x.stride(r - 2);
            long s1 = x.stride(r - 1);
            long batchStride = r == 3 && x.size(0) > 1 ? x.stride(0) : 0;
            if (batchStride < 0) {
                return null;
            }
            if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols)) {
                return layout(rows == 1 ? Math.max(1, cols) : s0, false, batchStride);
            }
            if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows)) {
                return layout(cols == 1 ? Math.max(1, rows) : s1, true, batchStride);
            }
            return null;
        }

        static Layout of(Grid g) {
            return new Layout(g.ld(), false, g.outerStride(), g.offset(), g.inner(), g.innerStride());
        }

        private static Layout layout(long ld, boolean transposed, long batchStride) {
            return ld > Integer.MAX_VALUE ? null : new Layout((int) ld, transposed, batchStride, 0, 1, 0);
        }

        /** Where matrix {@code i} of a batch or grid starts. */
        long start(int i) {
            return inner > 1 ? base + (i / inner) * batchStride + (i % inner) * innerStride : base + i * batchStride;
        }
    }

    /**
     * {@code nb} row-major products {@code Cᵢ = α op(Aᵢ) op(Bᵢ) + β Cᵢ} (one, for a plain product), which may be cut
     * into blocks of C (one product) or into runs of the batch's matrices.
     */
    private record Product(boolean dbl, boolean ta, boolean tb, int nb, int m, int n, int k, double alpha,
            double beta, INDArray a, Layout la, INDArray b, Layout lb, INDArray c, Layout lc) {

        void run() {
            boolean small = 2.0 * nb * m * n * k < minSplitFlops;
            if (nb > 1) {
                Workers.forRuns(nb, 1, !small, this::matrices);
            } else if (n >= m) {
                Workers.forRuns(n, align(n), !small, (from, to) -> block(0, 0, m, from, to));
            } else {
                Workers.forRuns(m, align(m), !small, (from, to) -> block(0, from, to, 0, n));
            }
        }

        /** Cuts at multiples of {@link #ALIGN}, or anywhere in a side shorter than two of them. */
        private static int align(int length) {
            return length >= 2 * ALIGN ? ALIGN : 1;
        }

        private void matrices(int from, int to) {
            for (int i = from; i < to; i++) {
                block(i, 0, m, 0, n);
            }
        }

        /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} of matrix {@code i} of C: one single-threaded GEMM. */
        private void block(int i, int r0, int r1, int c0, int c1) {
            long ao = la.start(i) + (ta ? r0 : (long) r0 * la.ld);
            long bo = lb.start(i) + (tb ? (long) c0 * lb.ld : c0);
            long co = lc.start(i) + (long) r0 * lc.ld + c0;
            int rows = r1 - r0;
            int cols = c1 - c0;
            if (dbl) {
                openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, rows, cols, k,
                        alpha, doubles(a, ao), la.ld, doubles(b, bo), lb.ld, beta, doubles(c, co), lc.ld);
            } else {
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, rows, cols, k,
                        (float) alpha, floats(a, ao), la.ld, floats(b, bo), lb.ld, (float) beta, floats(c, co), lc.ld);
            }
        }

        private static FloatPointer floats(INDArray x, long offset) {
            Pointer base = x.data().addressPointer();
            FloatPointer p = new FloatPointer(base);
            return p.position(base.position() + offset);
        }

        private static DoublePointer doubles(INDArray x, long offset) {
            Pointer base = x.data().addressPointer();
            DoublePointer p = new DoublePointer(base);
            return p.position(base.position() + offset);
        }
    }
}
