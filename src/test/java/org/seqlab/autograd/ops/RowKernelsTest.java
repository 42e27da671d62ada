package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The row kernels against the op-by-op formulas (ND4J, float64), on contiguous arrays and on strided views. */
class RowKernelsTest {

    private static INDArray softmaxOps(INDArray x) {
        INDArray e = Transforms.exp(x.sub(Nd.expand(x.max(true, -1), x.shape())), false);
        return e.divi(Nd.expand(e.sum(true, -1), x.shape()));
    }

    private static INDArray logSoftmaxOps(INDArray x) {
        INDArray shifted = x.sub(Nd.expand(x.max(true, -1), x.shape()));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, -1), false);
        return shifted.subi(Nd.expand(lse, x.shape()));
    }

    private static INDArray[] inputs(DataType type) {
        Nd4j.getRandom().setSeed(7);
        INDArray contiguous = Nd4j.randn(DataType.DOUBLE, 3, 4, 7).muli(5).castTo(type);
        // a view with a column stride (a transpose) and an offset (every other row of a larger matrix)
        INDArray transposed = Nd4j.randn(DataType.DOUBLE, 9, 6).castTo(type).transpose();
        INDArray offset = Nd4j.randn(DataType.DOUBLE, 10, 5).castTo(type)
                .get(NDArrayIndex.interval(1, 2, 10), NDArrayIndex.all());
        return new INDArray[] {contiguous, transposed, offset, Nd4j.randn(DataType.DOUBLE, 11).castTo(type)};
    }

    @Test
    void forwardAndBackwardEqualTheOpsInFloat64AndFloat32() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-13 : 2e-6;
            for (INDArray x : inputs(type)) {
                INDArray g = Nd4j.randn(DataType.DOUBLE, x.shape()).castTo(type);
                INDArray xd = x.castTo(DataType.DOUBLE);
                INDArray gd = g.castTo(DataType.DOUBLE);

                INDArray y = RowKernels.softmax(x);
                assertThat(y.dataType()).isEqualTo(type);
                assertThat(y.shape()).isEqualTo(x.shape());
                INDArray yd = softmaxOps(xd);
                assertClose(y, yd, tol);
                // dx = y * (g - sum(g * y))
                INDArray dx = yd.mul(gd.sub(Nd.expand(gd.mul(yd).sum(true, -1), gd.shape())));
                assertClose(RowKernels.softmaxBackward(g, y), dx, tol * 10);

                INDArray ly = RowKernels.logSoftmax(x, null);
                INDArray lyd = logSoftmaxOps(xd);
                assertClose(ly, lyd, tol * 10);
                INDArray ldx = gd.sub(Transforms.exp(lyd, true).muli(Nd.expand(gd.sum(true, -1), gd.shape())));
                assertClose(RowKernels.logSoftmaxBackward(g, ly), ldx, tol * 10);
            }
        }
    }

    @Test
    void keepsTheLogProbabilitiesInDoubleWhenAsked() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 6);
        double[] kept = new double[30];
        INDArray y = RowKernels.logSoftmax(x, kept);
        for (int i = 0; i < 24; i++) {
            assertThat((float) kept[i]).isEqualTo(y.getFloat(i / 6, i % 6));
        }
    }

    @Test
    void hugeLogitsStayFiniteAndEmptyArraysStayEmpty() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1000, 999, -1000}, {-1e300, 0, 1e300}});
        assertThat(RowKernels.softmax(x).getDouble(0, 0)).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
        assertThat(RowKernels.logSoftmax(x, null).getDouble(1, 2)).isZero();
        INDArray allMasked = Nd4j.createFromArray(new double[][] {{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}});
        assertThat(RowKernels.softmax(allMasked).getDouble(0, 0)).isNaN();        // as the ops and PyTorch give
        INDArray empty = Nd4j.create(DataType.FLOAT, 0, 4);
        assertThat(RowKernels.softmax(empty).shape()).isEqualTo(new long[] {0, 4});
        assertThat(RowKernels.logSoftmaxBackward(empty, empty).length()).isZero();
    }

    @Test
    void float32RowsHandleMaskedEntriesHugeLogitsAndRowsLongerThanAChunk() {
        float inf = Float.POSITIVE_INFINITY;
        INDArray x = Nd4j.createFromArray(new float[][] {{1000, 999, -1000, -inf}, {-3e38f, 0, 3e38f, 1}, {-inf, -inf, -inf, -inf}});
        INDArray y = RowKernels.softmax(x);
        assertThat((double) y.getFloat(0, 0)).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-7));
        assertThat(y.getFloat(0, 3)).isZero();                   // a masked entry
        assertThat(y.getFloat(1, 2)).isEqualTo(1f);
        assertThat(y.getFloat(2, 0)).isNaN();                    // all masked: NaN, as the ops and PyTorch give
        INDArray ly = RowKernels.logSoftmax(x, null);
        assertThat(ly.getFloat(1, 2)).isZero();
        assertThat(ly.getFloat(0, 3)).isEqualTo(-inf);
        // a row longer than a chunk takes the double route and agrees with the float one's formula
        INDArray longRows = Nd4j.randn(DataType.DOUBLE, 2, FloatKernels.CHUNK + 3).muli(4);
        assertClose(RowKernels.softmax(longRows.castTo(DataType.FLOAT)), softmaxOps(longRows), 1e-6);
        assertClose(RowKernels.logSoftmax(longRows.castTo(DataType.FLOAT), null), logSoftmaxOps(longRows), 1e-5);
    }

    private static void assertClose(INDArray actual, INDArray expected, double tol) {
        double diff = actual.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue();
        assertThat(diff).as("max |difference|").isLessThan(tol);
    }

    @Test
    void rowsSharedBetweenTwoThreadsGiveTheOneThreadValuesExactly() {
        // 700 rows of 65 (a language model's logits): above the sharing threshold, an odd number of chunk blocks
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 700, 65).muli(4).castTo(DataType.FLOAT);
        INDArray g = Nd4j.randn(DataType.DOUBLE, 700, 65).castTo(DataType.FLOAT);
        assertThat(x.length()).isGreaterThanOrEqualTo(FloatKernels.SHARE_MIN);
        INDArray[] one = all(x, g);
        long shared = org.seqlab.autograd.Workers.sharedCount();
        org.seqlab.autograd.Workers.setWays(2);
        INDArray[] two;
        try {
            two = all(x, g);
        } finally {
            org.seqlab.autograd.Workers.setWays(1);
        }
        assertThat(org.seqlab.autograd.Workers.sharedCount()).isGreaterThanOrEqualTo(shared + one.length);
        for (int i = 0; i < one.length; i++) {
            assertThat(two[i].equals(one[i])).as("kernel %d", i).isTrue();     // each row the same arithmetic
        }
    }

    private static INDArray[] all(INDArray x, INDArray g) {
        INDArray y = RowKernels.softmax(x);
        INDArray ly = RowKernels.logSoftmax(x, null);
        return new INDArray[] {y, RowKernels.softmaxBackward(g, y), ly, RowKernels.logSoftmaxBackward(g, ly)};
    }
}
