package org.seqlab.model.blocks;

import org.seqlab.autograd.Tensor;

/** Padding masks (B,T) of 1 (real) and 0 (padding) as per-sequence lengths. */
final class Masks {
    private Masks() {
    }

    /** The number of real positions of each row, or null when there is no mask. */
    static long[] lengths(Tensor mask) {
        if (mask == null) {
            return null;
        }
        long b = mask.size(0);
        long t = mask.size(1);
        double[] m = mask.toDoubleArray();
        long[] lengths = new long[(int) b];
        for (int i = 0; i < b; i++) {
            long n = 0;
            for (int j = 0; j < t; j++) {
                if (m[(int) (i * t + j)] != 0) {
                    n++;
                }
            }
            lengths[i] = n;
        }
        return lengths;
    }

    /** The padding indicator (1 at padding, 0 at real positions) of a (B,T) mask, as a constant; null for null. */
    static Tensor padding(Tensor mask) {
        if (mask == null) {
            return null;
        }
        double[] m = mask.toDoubleArray();
        for (int i = 0; i < m.length; i++) {
            m[i] = m[i] == 0 ? 1 : 0;
        }
        return Tensor.of(mask.dtype(), m, mask.shape().toArray());
    }
}
