package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Reading a tensor's values: whole arrays, views with offsets and strides, and max |x| over finite values. */
class TensorValuesTest {

    private static final double[] SIX = {1, -2, 3, -4, 5, -6};

    @Test
    void viewsReadTheirOwnValuesInRowMajorOrder() {
        INDArray a = Tensor.of(SIX, 2, 3).array();
        assertThat(Tensor.wrap(a, "a").toDoubleArray()).containsExactly(SIX);
        assertThat(Tensor.wrap(a.transpose(), "t").toDoubleArray()).containsExactly(1, -4, -2, 5, 3, -6);
        assertThat(Tensor.wrap(a.get(NDArrayIndex.point(1), NDArrayIndex.all()), "row").toDoubleArray())
                .containsExactly(-4, 5, -6);
        assertThat(Tensor.wrap(a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)), "cols").toDoubleArray())
                .containsExactly(-2, 3, 5, -6);
        assertThat(Tensor.wrap(a.dup('f'), "f").toDoubleArray()).containsExactly(SIX);
        assertThat(Tensor.ofFloats(new float[] {0.5f, -1.5f}, 2).toDoubleArray()).containsExactly(0.5, -1.5);
    }

    @Test
    void maxAbsSkipsWhatIsNotFinite() {
        assertThat(Tensor.of(SIX, 6).maxAbsFinite()).isEqualTo(6);
        assertThat(Tensor.ofFloats(new float[] {0.25f, -7.5f}, 2).maxAbsFinite()).isEqualTo(7.5);
        assertThat(Tensor.of(new double[] {1, Double.NEGATIVE_INFINITY, -3, 2}, 4).maxAbsFinite()).isEqualTo(3);
        assertThat(Tensor.of(new double[] {Double.NaN, -3, 2}, 3).maxAbsFinite()).isEqualTo(3);
        assertThat(Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY}, 2).maxAbsFinite()).isNaN();
        assertThat(Tensor.zeros(DType.FLOAT32, 0).maxAbsFinite()).isNaN();
        INDArray a = Tensor.of(SIX, 2, 3).array();
        assertThat(Tensor.wrap(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)), "c").maxAbsFinite())
                .isEqualTo(4);
    }
}
