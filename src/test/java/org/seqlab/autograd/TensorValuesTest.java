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

    /** Floats of a pattern with large and small magnitudes, longer than the readers' chunk. */
    private static float[] floats(int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
        }
        return f;
    }

    @Test
    void bulkReadsOfLongFloatArraysGiveEveryValueAndTheSameSumOfSquares() {
        float[] f = floats(20_011);                            // more than two chunks, not a multiple of one
        Tensor t = Tensor.ofFloats(f, 20_011);
        double[] d = t.toDoubleArray();
        double expected = 0;
        for (int i = 0; i < f.length; i++) {
            assertThat(d[i]).isEqualTo((double) f[i]);
            expected += (double) f[i] * f[i];
        }
        assertThat(t.sumOfSquares()).as("summed in the same order: the very same double").isEqualTo(expected);

        INDArray m = Tensor.ofFloats(f, 1, 20_011).array().reshape(1, 20_011);
        Tensor transposed = Tensor.wrap(Tensor.ofFloats(java.util.Arrays.copyOf(f, 20_000), 100, 200).array()
                .transpose(), "t");
        double viaValues = 0;
        for (double x : transposed.toDoubleArray()) {
            viaValues += x * x;
        }
        assertThat(transposed.sumOfSquares()).as("a transposed view, summed in its row-major order")
                .isEqualTo(viaValues);
        assertThat(Tensor.wrap(m, "m").sumOfSquares()).isEqualTo(expected);
        assertThat(Tensor.of(SIX, 2, 3).sumOfSquares()).isEqualTo(91);
        assertThat(Tensor.zeros(DType.FLOAT32, 0).sumOfSquares()).isZero();
    }

    @Test
    void maxAbsOverLongFloatArraysSkipsNaNAndInfinityInEveryChunk() {
        float[] f = floats(20_011);
        float max = 0;
        for (float x : f) {
            max = Math.max(max, Math.abs(x));
        }
        f[3] = Float.NaN;
        f[9_000] = Float.POSITIVE_INFINITY;
        f[20_010] = Float.NEGATIVE_INFINITY;
        assertThat(Tensor.ofFloats(f, 20_011).maxAbsFinite()).isEqualTo((double) max);
        float[] none = new float[10_000];
        java.util.Arrays.fill(none, Float.NaN);
        none[9_999] = Float.NEGATIVE_INFINITY;
        assertThat(Tensor.ofFloats(none, 10_000).maxAbsFinite()).isNaN();
        assertThat(Tensor.ofFloats(new float[] {-0.0f}, 1).maxAbsFinite()).isEqualTo(0.0);
    }
}
