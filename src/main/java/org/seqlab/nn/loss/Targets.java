package org.seqlab.nn.loss;

import java.util.Arrays;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.DTypeException;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;

/** Checks of class targets against logits (classes last), with messages that name the position. */
final class Targets {
    private Targets() {
    }

    /**
     * Logits {@code (..., C)} float, targets int64 of the logits' shape without C, each a class index or
     * {@code ignoreIndex}. Returns the number of targets not ignored.
     */
    static long check(String where, Tensor logits, Tensor targets, long ignoreIndex) {
        if (!logits.dtype().isFloating()) {
            throw new DTypeException(where + ": logits must be float32 or float64 scores; found "
                    + logits.dtype().displayName() + ".");
        }
        if (targets.dtype() != DType.INT64) {
            throw new DTypeException(where + ": targets must be int64 class indices; found "
                    + targets.dtype().displayName() + ". Make them with Tensor.indices(...).");
        }
        if (logits.rank() < 1) {
            throw new ShapeException(where + ": logits need a class dimension (last); found a scalar.");
        }
        long[] ls = logits.shape().toArray();
        long[] expected = Arrays.copyOf(ls, ls.length - 1);
        if (!Arrays.equals(expected, targets.shape().toArray())) {
            throw new ShapeException(where + ": targets must have the logits' shape without the class dimension, "
                    + shape(expected) + " for logits " + logits.shape() + "; found " + targets.shape()
                    + ". Give one class index per row of logits (classes last).");
        }
        long classes = ls[ls.length - 1];
        long[] y = targets.toLongArray();
        long valid = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == ignoreIndex) {
                continue;
            }
            if (y[i] < 0 || y[i] >= classes) {
                throw new SeqLabException(where + ": target " + y[i] + " at " + position(i, expected)
                        + " is not a class index 0.." + (classes - 1) + " nor the ignore index " + ignoreIndex
                        + ". Map targets through the same vocabulary as the logits, and mark positions to skip with "
                        + ignoreIndex + ".");
            }
            valid++;
        }
        return valid;
    }

    /** The multi-index of flat position {@code i} in a row-major array of the given shape: "(1, 2)". */
    static String position(int i, long[] shape) {
        if (shape.length == 0) {
            return "the only position";
        }
        long[] index = new long[shape.length];
        long rest = i;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        return "position " + shape(index);
    }

    private static String shape(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < dims.length; d++) {
            sb.append(d == 0 ? "" : ", ").append(dims[d]);
        }
        return sb.append(')').toString();
    }
}
