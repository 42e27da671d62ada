package org.seqlab.autograd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * with the operands' offsets and leading dimensions passed as they are: a row block, a column block or a transposed
 * view goes to the GEMM as it lies in memory, never as a copy, and none of {@code Nd4j.gemm}'s op set-up
 * (measured: a 32x256 by 256x1024 product 150 us this way, 170-210 us through {@code Nd4j.gemm}).
 *
 * <p>On more than one thread ({@link #setWays}, which {@link Backend#setThreads} sets) a product large enough to
 * share ({@value #MIN_SPLIT_FLOPS} floating-point operations or more) is cut into as many blocks of C's rows or
 * columns (the longer side) as there are threads, each block one single-threaded GEMM, run at once by the caller
 * and resident helper threads; OpenBLAS's own threads stay at one, so no pool oversubscribes the cores. Cutting C
 * computes the same dot products; in float32 a block may round in its last bits as a different OpenBLAS kernel
 * would (OpenBLAS picks its kernel by the product's sizes), well inside the lab's 1e-5 agreements.
 * The helpers spin for a short while after a block (a training step asks for a product every few hundred
 * microseconds), then park; the caller takes back any block a helper has not started, so a product never waits
 * for a helper to wake. A second caller while the helpers are busy (a recording beside a training run) computes
 * its product alone.
 *
 * <p>Arrays whose layout the GEMM cannot read in place (neither row- nor column-major in their last two axes,
 * other than float32/float64, or with an empty side) go to {@code Nd4j.gemm}.
 */
public final class Gemm {
    /** The fewest floating-point operations ({@code 2 m n k}) for which a product is shared among the threads. */
    public static final long MIN_SPLIT_FLOPS = 1L << 20;
    /** Blocks are cut at multiples of this many rows or columns (the width of OpenBLAS's float32 kernels). */
    private static final int ALIGN = 16;
    /** How long a helper spins for its next block before it parks. */
    private static final long SPIN_NANOS = 2_000_000L;

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private static volatile Helper[] helpers = new Helper[0];
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();

    private Gemm() {
    }

    /**
     * Uses {@code ways} threads (the caller and {@code ways - 1} helpers) for the products large enough to share;
     * 1 computes every product on the caller's thread. Helpers no longer needed stop.
     */
    public static synchronized void setWays(int ways) {
        if (ways < 1) {
            throw new IllegalArgumentException("ways must be at least 1; found " + ways);
        }
        Helper[] old = helpers;
        if (old.length == ways - 1) {
            return;
        }
        Helper[] now = new Helper[ways - 1];
        for (int i = 0; i < now.length; i++) {
            now[i] = i < old.length ? old[i] : Helper.start(i + 1);
        }
        for (int i = now.length; i < old.length; i++) {
            old[i].stop();
        }
        helpers = now;
    }

    /** How many threads share a large product. */
    public static int ways() {
        return helpers.length + 1;
    }

    /** {@code op(A) op(B)} as a new row-major array. */
    public static INDArray times(INDArray a, INDArray b, boolean transA, boolean transB) {
        checkMatrices(a, b);
        long m = transA ? a.size(1) : a.size(0);
        long n = transB ? b.size(0) : b.size(1);
        INDArray c = Nd4j.createUninitialized(a.dataType(), new long[] {m, n}, 'c');
        return into(a, b, c, transA, transB, 1.0, 0.0);
    }

    /** {@code C = α op(A) op(B) + β C} in place (β = 0 ignores what C held, NaN included); returns C. */
    public static INDArray into(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
            double beta) {
        checkMatrices(a, b);
        if (c.rank() != 2) {
            throw new IllegalArgumentException("the product's result must be a matrix; found shape "
                    + Shape.of(c.shape()));
        }
        long m = transA ? a.size(1) : a.size(0);
        long k = transA ? a.size(0) : a.size(1);
        long kb = transB ? b.size(1) : b.size(0);
        long n = transB ? b.size(0) : b.size(1);
        if (k != kb || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("a product " + Shape.of(a.shape()) + (transA ? "ᵀ" : "") + " x "
                    + Shape.of(b.shape()) + (transB ? "ᵀ" : "") + " into " + Shape.of(c.shape())
                    + ": the inner sizes must be equal (found " + k + " and " + kb + ") and the result (" + m + "," + n
                    + "); check the operands' shapes");
        }
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        Layout lc = Layout.of(c);
        DataType type = c.dataType();
        boolean direct = la != null && lb != null && lc != null && m > 0 && n > 0 && k > 0
                && (type == DataType.FLOAT || type == DataType.DOUBLE)
                && a.dataType() == type && b.dataType() == type
                && m <= Integer.MAX_VALUE && n <= Integer.MAX_VALUE && k <= Integer.MAX_VALUE;
        if (!direct) {
            return Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
        }
        boolean ta = transA ^ la.transposed;
        boolean tb = transB ^ lb.transposed;
        Product p;
        if (!lc.transposed) {
            p = new Product(type == DataType.DOUBLE, ta, tb, (int) m, (int) n, (int) k, alpha, beta, a, la, b, lb, c, lc);
        } else {
            // C is column-major: compute Cᵀ = op(B)ᵀ op(A)ᵀ, row-major
            p = new Product(type == DataType.DOUBLE, !tb, !ta, (int) n, (int) m, (int) k, alpha, beta, b, lb, a, la, c,
                    lc);
        }
        p.run();
        return c;
    }

    private static void checkMatrices(INDArray a, INDArray b) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("a product needs two matrices; found shapes " + Shape.of(a.shape())
                    + " and " + Shape.of(b.shape()));
        }
    }

    /**
     * How a matrix lies in its buffer, read as a row-major matrix: the leading dimension and whether the row-major
     * matrix read there is the array's transpose (a column-major array). A view's buffer
     * ({@code INDArray.data()}) starts at the view's first element already, so no offset is needed.
     */
    private record Layout(int ld, boolean transposed) {
        static Layout of(INDArray x) {
            if (x.isEmpty() || x.rank() != 2) {
                return null;
            }
            long rows = x.size(0);
            long cols = x.size(1);
            long s0 = x.stride(0);
            long s1 = x.stride(1);
            if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols)) {
                return layout(x, rows == 1 ? Math.max(1, cols) : s0, false);
            }
            if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows)) {
                return layout(x, cols == 1 ? Math.max(1, rows) : s1, true);
            }
            return null;
        }

        private static Layout layout(INDArray x, long ld, boolean transposed) {
            return ld > Integer.MAX_VALUE ? null : new Layout((int) ld, transposed);
        }
    }

    /** One row-major product {@code C = α op(A) op(B) + β C}, which may be cut into blocks of C. */
    private record Product(boolean dbl, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
            INDArray a, Layout la, INDArray b, Layout lb, INDArray c, Layout lc) {

        void run() {
            Helper[] pool = helpers;
            if (pool.length == 0 || 2.0 * m * n * k < MIN_SPLIT_FLOPS || Math.max(m, n) < 2 * ALIGN
                    || !CLAIMED.compareAndSet(false, true)) {
                block(0, m, 0, n);
                return;
            }
            try {
                share(pool);
            } finally {
                CLAIMED.set(false);
            }
        }

        private void share(Helper[] pool) {
            boolean byColumns = n >= m;
            int length = byColumns ? n : m;
            int parts = Math.min(pool.length + 1, length / ALIGN);
            int[] cut = new int[parts + 1];
            for (int i = 1; i < parts; i++) {
                cut[i] = Math.min(length, (int) Math.round((double) length * i / parts / ALIGN) * ALIGN);
            }
            cut[parts] = length;
            Task[] tasks = new Task[parts - 1];
            for (int i = 1; i < parts; i++) {
                int from = cut[i];
                int to = cut[i + 1];
                tasks[i - 1] = new Task(byColumns ? () -> block(0, m, from, to) : () -> block(from, to, 0, n));
                pool[i - 1].give(tasks[i - 1]);
            }
            if (byColumns) {
                block(0, m, 0, cut[1]);
            } else {
                block(0, cut[1], 0, n);
            }
            for (int i = 1; i < parts; i++) {
                pool[i - 1].finish(tasks[i - 1]);
            }
        }

        /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} of C: one single-threaded GEMM. */
        private void block(int r0, int r1, int c0, int c1) {
            long ao = ta ? r0 : (long) r0 * la.ld;
            long bo = tb ? (long) c0 * lb.ld : c0;
            long co = (long) r0 * lc.ld + c0;
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

    /** A block given to a helper: taken by exactly one thread (the helper, or the caller taking it back). */
    private static final class Task {
        final Runnable work;
        final AtomicBoolean taken = new AtomicBoolean();
        volatile boolean done;
        volatile Throwable failure;

        Task(Runnable work) {
            this.work = work;
        }

        /** Runs the block if no other thread has taken it; returns whether this thread ran it. */
        boolean runIfFree() {
            if (!taken.compareAndSet(false, true)) {
                return false;
            }
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                done = true;
            }
            return true;
        }
    }

    /** A resident thread that computes blocks of shared products. */
    private static final class Helper implements Runnable {
        private final AtomicReference<Task> slot = new AtomicReference<>();
        private volatile boolean parked;
        private volatile boolean stopped;
        private Thread thread;

        static Helper start(int index) {
            Helper h = new Helper();
            h.thread = new Thread(h, "seqlab-gemm-" + index);
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        void give(Task task) {
            slot.set(task);
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /** Waits for the task, taking it back if the helper has not started it; rethrows its failure. */
        void finish(Task task) {
            if (task.runIfFree()) {
                slot.compareAndSet(task, null);
            } else {
                while (!task.done) {
                    Thread.onSpinWait();
                }
            }
            Throwable f = task.failure;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long last = System.nanoTime();
            while (!stopped) {
                Task t = slot.getAndSet(null);
                if (t != null) {
                    t.runIfFree();
                    last = System.nanoTime();
                } else if (System.nanoTime() - last < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (slot.get() == null && !stopped) {
                        LockSupport.parkNanos(this, 100_000_000L);
                    }
                    parked = false;
                    last = System.nanoTime();
                }
            }
        }
    }
}
