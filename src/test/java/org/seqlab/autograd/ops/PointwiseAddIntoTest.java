package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@code Pointwise.addInto} on the views slices and selects add their gradients into, against ND4J's addi. */
class PointwiseAddIntoTest {

    private static void check(long[] shape, INDArrayIndex[] index, DataType type, boolean transposedSource) {
        Nd4j.getRandom().setSeed(3);
        INDArray expected = Nd4j.randn(DataType.DOUBLE, shape).castTo(type);
        INDArray actual = expected.dup();
        long[] viewShape = expected.get(index).shape();
        INDArray src = transposedSource
                ? Nd4j.randn(DataType.DOUBLE, reversed(viewShape)).castTo(type).permute(reverseDims(viewShape.length))
                : Nd4j.randn(DataType.DOUBLE, viewShape).castTo(type);
        expected.get(index).addi(src);
        Pointwise.addInto(actual.get(index), src);
        assertThat(actual.equalsWithEps(expected, 0)).as("%s %s", type, java.util.Arrays.toString(viewShape))
                .isTrue();
    }

    @Test
    void addsIntoSlicesOfTheLastAxisAndStepsOfTheMiddleOneExactly() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean t : new boolean[] {false, true}) {
                // attention's q/k/v: a third of the last axis of (B, T, 3d)
                check(new long[] {3, 5, 48}, new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(16, 32)}, type, t);
                // a recurrence's time step: (B, T, G*H) at t, kept as (B, 1, G*H)
                check(new long[] {4, 6, 20}, new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(2, 3),
                    NDArrayIndex.all()}, type, t);
                // rank 4 with an offset in every axis
                check(new long[] {2, 3, 4, 30}, new INDArrayIndex[] {NDArrayIndex.interval(1, 2),
                    NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.interval(3, 27)}, type, t);
            }
            // short rows and a column view take ND4J's op, with the same result
            check(new long[] {5, 6}, new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(0, 3)}, type,
                    false);
            check(new long[] {5, 12}, new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.point(4)}, type, false);
        }
    }

    private static long[] reversed(long[] s) {
        long[] r = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }

    private static int[] reverseDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = rank - 1 - i;
        }
        return d;
    }
}
