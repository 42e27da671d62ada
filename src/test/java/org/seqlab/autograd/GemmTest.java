package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Gemm} against a plain triple loop in float64 on operands laid out every way the lab makes them (row- and
 * column-major, row and column blocks of larger arrays, views that start inside a buffer, arrays of a step arena),
 * with α and β, on one thread and cut among two or three; a cut product against the uncut one; a layout
 * the GEMM cannot read in place (every other column) through ND4J; two callers at once.
 */
class GemmTest {

    @AfterEach
    void oneThread() {
        Workers.setWays(1);
    }

    /** {@code α op(A) op(B) + β C0} element by element in double. */
    private static double[][] reference(INDArray a, INDArray b, INDArray c0, boolean ta, boolean tb, double alpha,
            double beta) {
        int m = (int) (ta ? a.size(1) : a.size(0));
        int k = (int) (ta ? a.size(0) : a.size(1));
        int n = (int) (tb ? b.size(0) : b.size(1));
        double[][] av = a.toDoubleMatrix();
        double[][] bv = b.toDoubleMatrix();
        double[][] cv = c0.toDoubleMatrix();
        double[][] r = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? av[p][i] : av[i][p]) * (tb ? bv[j][p] : bv[p][j]);
                }
                r[i][j] = alpha * s + (beta == 0 ? 0 : beta * cv[i][j]);
            }
        }
        return r;
    }

    private static void assertClose(INDArray c, double[][] expected, double tol, String what) {
        double[][] found = c.toDoubleMatrix();
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                assertThat(found[i][j]).as("%s at (%d, %d)", what, i, j)
                        .isCloseTo(e, org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(e))));
            }
        }
    }

    private static INDArray random(DataType type, Random rnd, long rows, long cols, char order) {
        INDArray x = Nd4j.create(type, new long[] {rows, cols}, order);
        for (long i = 0; i < rows; i++) {
            for (long j = 0; j < cols; j++) {
                x.putScalar(new long[] {i, j}, rnd.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    /** A {@code rows x cols} matrix laid out one of five ways: its values random. */
    private static INDArray laidOut(DataType type, Random rnd, long rows, long cols, int way) {
        return switch (way) {
            case 0 -> random(type, rnd, rows, cols, 'c');
            case 1 -> random(type, rnd, rows, cols, 'f');
            // a column block of a wider row-major array: leading dimension > cols, offset inside the buffer
            case 2 -> random(type, rnd, rows + 3, cols + 7, 'c')
                    .get(NDArrayIndex.interval(2, 2 + rows), NDArrayIndex.interval(5, 5 + cols));
            // a row block of a taller column-major array
            case 3 -> random(type, rnd, rows + 9, cols + 2, 'f')
                    .get(NDArrayIndex.interval(4, 4 + rows), NDArrayIndex.interval(1, 1 + cols));
            // the transpose of a row-major array (a column-major view)
            default -> random(type, rnd, cols, rows, 'c').transpose();
        };
    }

    @Test
    void everyLayoutAndFlagGivesTheProduct() {
        Random rnd = new Random(5);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
            for (int ways : new int[] {1, 2, 3}) {
                Workers.setWays(ways);
                int m = 70;
                int n = 90;
                int k = 200;         // 2 m n k = 2.5M operations: above the threshold, so ways > 1 cuts it
                for (int wa = 0; wa < 5; wa++) {
                    for (int wb = 0; wb < 5; wb++) {
                        int wc = (wa + 2 * wb) % 5;
                        boolean ta = (wa + wb) % 2 == 0;
                        boolean tb = wb % 2 == 1;
                        INDArray a = ta ? laidOut(type, rnd, k, m, wa) : laidOut(type, rnd, m, k, wa);
                        INDArray b = tb ? laidOut(type, rnd, n, k, wb) : laidOut(type, rnd, k, n, wb);
                        INDArray c = laidOut(type, rnd, m, n, wc);
                        INDArray c0 = c.dup();
                        double[][] expected = reference(a, b, c0, ta, tb, 0.5, -2.0);
                        Gemm.into(a, b, c, ta, tb, 0.5, -2.0);
                        assertClose(c, expected, tol, type + " ways " + ways + " layouts " + wa + wb + wc
                                + " flags " + ta + tb);
                    }
                }
            }
        }
    }

    @Test
    void aCutProductAgreesWithTheUncutOne() {
        Random rnd = new Random(9);
        for (int[] mnk : new int[][] {{32, 1024, 256}, {32, 256, 1024}, {1024, 256, 640}, {300, 77, 129}}) {
            INDArray a = random(DataType.FLOAT, rnd, mnk[0], mnk[2], 'c');
            INDArray b = random(DataType.FLOAT, rnd, mnk[2], mnk[1], 'c');
            Workers.setWays(1);
            INDArray one = Gemm.times(a, b, false, false);
            Workers.setWays(2);
            INDArray two = Gemm.times(a, b, false, false);
            double worst = Math.abs(two.sub(one).maxNumber().doubleValue());
            worst = Math.max(worst, Math.abs(two.sub(one).minNumber().doubleValue()));
            double scale = org.nd4j.linalg.ops.transforms.Transforms.abs(one).maxNumber().doubleValue();
            assertThat(worst / scale).as("cut %dx%dx%d", mnk[0], mnk[1], mnk[2]).isLessThan(1e-6);
            assertThat(one.ordering()).isEqualTo('c');
        }
    }

    @Test
    void batchesOfMatricesEachGetTheirProduct() {
        Random rnd = new Random(11);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
            for (int ways : new int[] {1, 2}) {
                Workers.setWays(ways);
                int nb = 12;
                int m = 64;
                int k = 32;
                int n = 48;          // 2 nb m n k = 2.4M: shared among the threads by matrices
                INDArray a = random(type, rnd, nb * m, k, 'c').reshape('c', nb, m, k);
                // Bᵀ stored: each matrix (n, k) row-major, read transposed by the flag (attention's Kᵀ)
                INDArray bStored = random(type, rnd, nb * n, k, 'c').reshape('c', nb, n, k);
                INDArray bView = bStored.permute(0, 2, 1);                             // (nb, k, n), a view
                INDArray one = random(type, rnd, k, n, 'c');                           // one matrix for all
                INDArray oneBatch = one.reshape('c', 1, k, n);                         // a batch of one
                for (INDArray[] ab : new INDArray[][] {{a, bView}, {a, one}, {a, oneBatch}}) {
                    INDArray c = Gemm.times(ab[0], ab[1], false, false);
                    assertThat(c.shape()).containsExactly(nb, m, n);
                    for (int i = 0; i < nb; i++) {
                        INDArray ai = a.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                        INDArray bi = ab[1].rank() == 2 ? one
                                : ab[1].get(NDArrayIndex.point(ab[1].size(0) == 1 ? 0 : i), NDArrayIndex.all(),
                                        NDArrayIndex.all());
                        INDArray ci = c.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                        assertClose(ci, reference(ai, bi, ci, false, false, 1.0, 0.0), tol,
                                type + " ways " + ways + " matrix " + i + " of " + Shape.of(ab[1].shape()));
                    }
                }
                // the transposed flags on batches: Aᵀ (nb, k, m) stored, Bᵀ by flag on the stored (nb, n, k)
                INDArray aT = random(type, rnd, nb * k, m, 'c').reshape('c', nb, k, m);
                INDArray c = Gemm.times(aT, bStored, true, true);
                for (int i = 0; i < nb; i++) {
                    INDArray ai = aT.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                    INDArray bi = bStored.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                    INDArray ci = c.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                    assertClose(ci, reference(ai, bi, ci, true, true, 1.0, 0.0), tol, type + " flags, matrix " + i);
                }
            }
        }
    }

    @Test
    void aBatchTheGemmCannotReadGoesThroughNd4jWithAlphaAndBeta() {
        Random rnd = new Random(13);
        INDArray wide = random(DataType.DOUBLE, rnd, 4 * 5, 12, 'c').reshape('c', 4, 5, 12);
        INDArray a = wide.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 12));  // (4,5,6)
        INDArray b = random(DataType.DOUBLE, rnd, 4 * 6, 3, 'c').reshape('c', 4, 6, 3);
        INDArray c = random(DataType.DOUBLE, rnd, 4 * 5, 3, 'c').reshape('c', 4, 5, 3);
        INDArray c0 = c.dup();
        Gemm.into(a, b, c, false, false, 2.0, 0.5);
        INDArray aCopy = a.dup('c');    // the reference reads a row-major copy (ND4J's get on this view misreads)
        for (int i = 0; i < 4; i++) {
            INDArray ci = c.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            assertClose(ci, reference(aCopy.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()),
                    b.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()),
                    c0.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()), false, false, 2.0, 0.5),
                    1e-12, "strided batch " + i);
        }
    }

    @Test
    void betaZeroIgnoresWhatTheResultHeld() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 40, 30);
        INDArray b = Nd4j.rand(DataType.FLOAT, 30, 50);
        INDArray c = Nd4j.valueArrayOf(new long[] {40, 50}, Float.NaN, DataType.FLOAT);
        Gemm.into(a, b, c, false, false, 1.0, 0.0);
        assertClose(c, reference(a, b, c, false, false, 1.0, 0.0), 1e-5, "over NaN");
    }

    @Test
    void aLayoutTheGemmCannotReadGoesThroughNd4j() {
        Random rnd = new Random(3);
        INDArray wide = random(DataType.DOUBLE, rnd, 20, 60, 'c');
        INDArray everyOther = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 60));    // stride 2
        INDArray b = random(DataType.DOUBLE, rnd, 30, 10, 'c');
        INDArray c = Gemm.times(everyOther, b, false, false);
        assertClose(c, reference(everyOther, b, c, false, false, 1.0, 0.0), 1e-12, "strided");
    }

    @Test
    void arraysOfAStepArena() {
        Workers.setWays(2);
        Random rnd = new Random(4);
        INDArray w = random(DataType.FLOAT, rnd, 512, 64, 'c');
        for (int step = 0; step < 5; step++) {
            try (StepArena arena = StepArena.open()) {
                INDArray x = Nd4j.rand(DataType.FLOAT, 48, 96).get(NDArrayIndex.all(), NDArrayIndex.interval(16, 80));
                INDArray y = Gemm.times(x, w, false, true);
                assertClose(y, reference(x, w, y, false, true, 1.0, 0.0), 2e-5, "arena step " + step);
            }
        }
    }

    @Test
    void twoCallersAtOnceBothGetTheirProducts() throws Exception {
        Workers.setWays(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int caller = 0; caller < 2; caller++) {
                int seed = caller;
                results.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    INDArray a = random(DataType.FLOAT, rnd, 64, 128, 'c');
                    INDArray b = random(DataType.FLOAT, rnd, 128, 256, 'c');
                    INDArray once = Gemm.times(a, b, false, false);
                    for (int i = 0; i < 200; i++) {
                        if (!Gemm.times(a, b, false, false).equals(once)) {
                            return false;
                        }
                    }
                    return once.equalsWithEps(a.mmul(b), 1e-4);
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongShapesSayWhatWasExpected() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.rand(DataType.FLOAT, 5, 6);
        assertThatThrownBy(() -> Gemm.times(a, b, false, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(3,4)").hasMessageContaining("found 4 and 5");
        assertThatThrownBy(() -> Gemm.times(Nd4j.rand(DataType.FLOAT, 2, 2, 3, 4), b, false, false))
                .hasMessageContaining("matrices (m, k) or batches");
        assertThatThrownBy(() -> Gemm.times(Nd4j.rand(DataType.FLOAT, 2, 3, 4), Nd4j.rand(DataType.FLOAT, 3, 4, 5),
                false, false)).hasMessageContaining("batches of a product must be equal or one");
    }

    /** Matrix (i, j) of a grid, as a standalone copy (read element by element from the buffer). */
    private static INDArray matrixOf(Gemm.Grid g, int i, int j) {
        double[] all = g.array().reshape(g.array().length()).toDoubleVector();
        long start = g.offset() + i * g.outerStride() + j * g.innerStride();
        double[][] m = new double[g.rows()][g.cols()];
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                m[r][c] = all[(int) (start + (long) r * g.ld() + c)];
            }
        }
        return Nd4j.create(m);
    }

    @Test
    void everyMatrixOfAGridGetsItsProductWhereItLies() {
        // heads as attention's lie: (B, T, 3C) packed q k v, matrix (b, h) (T, d) at column part*C + h*d; written
        // into a (B, T, C) array and into (B, h, T, T) squares; transposed either side; one and two threads
        int batch = 3;
        int steps = 5;
        int heads = 2;
        int d = 3;
        int c = heads * d;
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (int ways = 1; ways <= 2; ways++) {
                Workers.setWays(ways);
                Gemm.setMinSplitFlops(0);
                try {
                    Random rnd = new Random(7 + ways);
                    INDArray qkv = random(type, rnd, (long) batch * steps, 3L * c, 'c').reshape(batch, steps, 3L * c);
                    INDArray squares = random(type, rnd, (long) batch * heads * steps, steps, 'c')
                            .reshape(batch, heads, steps, steps);
                    INDArray before = squares.dup();
                    Gemm.Grid q = new Gemm.Grid(qkv, 0, steps, d, 3 * c, batch, (long) steps * 3 * c, heads, d);
                    Gemm.Grid k = new Gemm.Grid(qkv, c, steps, d, 3 * c, batch, (long) steps * 3 * c, heads, d);
                    Gemm.Grid sq = new Gemm.Grid(squares, 0, steps, steps, steps, batch, (long) heads * steps * steps,
                            heads, (long) steps * steps);
                    Gemm.grid(q, false, k, true, sq, 0.5, 2.0);                    // S = 0.5 Q Kᵀ + 2 S
                    INDArray out = Nd4j.create(type, new long[] {batch, steps, c}, 'c');
                    Gemm.Grid o = new Gemm.Grid(out, 0, steps, d, c, batch, (long) steps * c, heads, d);
                    Gemm.Grid sqBefore = sq.at(before, 0, steps, (long) heads * steps * steps, (long) steps * steps);
                    Gemm.grid(sqBefore, true, k, false, o, 1.0, 0.0);             // O = S0ᵀ K
                    for (int i = 0; i < batch; i++) {
                        for (int j = 0; j < heads; j++) {
                            String where = type + " " + ways + " ways, matrix (" + i + ", " + j + ")";
                            INDArray qi = matrixOf(q, i, j);
                            INDArray ki = matrixOf(k, i, j);
                            INDArray s0 = matrixOf(sqBefore, i, j);
                            assertClose(matrixOf(sq, i, j), reference(qi, ki, s0, false, true, 0.5, 2.0), tol,
                                    "scores " + where);
                            assertClose(matrixOf(o, i, j), reference(s0, ki, s0, true, false, 1.0, 0.0), tol,
                                    "context " + where);
                        }
                    }
                } finally {
                    Gemm.setMinSplitFlops(Gemm.MIN_SPLIT_FLOPS);
                }
            }
        }
    }

    @Test
    void aGridThatDoesNotFitSaysWhatWasExpected() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 6);
        Gemm.Grid g = new Gemm.Grid(x, 0, 4, 3, 6, 2, 24, 2, 3);
        Gemm.Grid tooFar = new Gemm.Grid(x, 4, 4, 3, 6, 2, 24, 2, 3);
        INDArray c = Nd4j.create(DataType.FLOAT, 2, 2, 4, 4);
        Gemm.Grid cg = new Gemm.Grid(c, 0, 4, 4, 4, 2, 32, 2, 16);
        Gemm.grid(g, false, g, true, cg, 1, 0);
        assertThatThrownBy(() -> Gemm.grid(tooFar, false, g, true, cg, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every matrix inside");
        assertThatThrownBy(() -> Gemm.grid(g, false, g, false, cg, 1, 0))
                .hasMessageContaining("found 3 and 4");
    }
}
