package org.seqlab.autograd;

/**
 * Summary statistics of a tensor's values, over the finite ones, with a count of the non-finite ones:
 * what watches, the inspector and {@code trace.json} show.
 *
 * @param count number of values
 * @param min smallest finite value (NaN when none is finite)
 * @param max largest finite value
 * @param mean mean of the finite values
 * @param std population standard deviation of the finite values
 * @param norm L2 norm of the finite values
 * @param nonFinite number of NaN or infinite values
 */
public record TensorStats(long count, double min, double max, double mean, double std, double norm, long nonFinite) {

    public static TensorStats of(Tensor t) {
        return of(t.toDoubleArray());
    }

    public static TensorStats of(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSq = 0;
        long finite = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                finite++;
                min = Math.min(min, x);
                max = Math.max(max, x);
                sum += x;
                sumSq += x * x;
            }
        }
        if (finite == 0) {
            return new TensorStats(v.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, v.length);
        }
        double mean = sum / finite;
        double var = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                var += (x - mean) * (x - mean);
            }
        }
        return new TensorStats(v.length, min, max, mean, Math.sqrt(var / finite), Math.sqrt(sumSq), v.length - finite);
    }
}
