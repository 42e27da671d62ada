package org.seqlab.autograd.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Gemm;

/** Array helpers the ops share: NumPy broadcasting and its reverse, masks, selection. */
final class Nd {
    private Nd() {
    }

    /** The NumPy broadcast of two shapes, or null when they do not broadcast. */
    static long[] broadcastShape(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** {@code x} repeated along size-1 (and missing leading) dimensions to {@code target}. */
    /**
     * {@code a + b} when one of them is a block repeated over the other's leading axes (a bias over the last axis,
     * learned positions over the batch): one broadcast op on the other's rows, without first copying the block
     * out to the full shape; null when the shapes are not so.
     */
    static INDArray addRowVector(INDArray a, INDArray b) {
        INDArray full;
        INDArray row;
        long n = trailingBlockOf(b, a);
        if (n > 0) {
            full = a;
            row = b;
        } else if ((n = trailingBlockOf(a, b)) > 0) {
            full = b;
            row = a;
        } else {
            return null;
        }
        long rows = full.length() / n;
        INDArray matrix = full.rank() == 2 ? full : full.reshape('c', rows, n);
        INDArray sum = matrix.addRowVector(row.reshape('c', 1, n));
        return full.rank() == 2 ? sum : sum.reshape('c', full.shape());
    }

    /** {@code x} of shape (…, C) as an (N, C) matrix: a view when x is row-major contiguous, else a copy. */
    static INDArray rows(INDArray x) {
        long c = x.size(-1);
        return x.rank() == 2 ? x : x.reshape('c', x.length() / c, c);
    }

    /** {@code m} (N, C) back to {@code shape}. */
    static INDArray unrows(INDArray m, long[] shape) {
        return Arrays.equals(m.shape(), shape) ? m : m.reshape('c', shape);
    }

    /** {@code shape} with its last size 1: the shape of a per-row statistic kept as (…, 1). */
    static long[] keptLast(long[] shape) {
        long[] k = shape.clone();
        k[k.length - 1] = 1;
        return k;
    }

    /** Whether {@code v} holds one value per last-axis entry of {@code full} (shape (n), (1, n), (1, 1, n)…). */
    /**
     * The length of the block {@code v} repeats over {@code full} when v's shape, without leading ones, is the
     * trailing part of full's (a bias (C) over (…, C), positions (T, d) over (B, T, d)); 0 when it is not, or when
     * v is as large as full.
     */
    private static long trailingBlockOf(INDArray v, INDArray full) {
        if (full.rank() < 2 || v.rank() > full.rank() || v.rank() == 0 || full.length() == 0
                || v.length() >= full.length()) {
            return 0;
        }
        long[] vs = v.shape();
        long[] fs = full.shape();
        int lead = 0;
        while (lead < vs.length - 1 && vs[lead] == 1) {
            lead++;
        }
        for (int k = vs.length - 1, d = fs.length - 1; k >= lead; k--, d--) {
            if (vs[k] != fs[d]) {
                return 0;
            }
        }
        return v.length();
    }

    static INDArray expand(INDArray x, long[] target) {
        if (Arrays.equals(x.shape(), target)) {
            return x;
        }
        long[] padded = new long[target.length];
        long[] xs = x.shape();
        Arrays.fill(padded, 1);
        System.arraycopy(xs, 0, padded, target.length - xs.length, xs.length);
        INDArray r = x.rank() == target.length ? x : x.reshape('c', padded);
        if (Arrays.equals(padded, target)) {
            return r;
        }
        return r.broadcast(target);
    }

    /** The reverse of broadcasting: sums {@code g} down to {@code shape}. */
    static INDArray unbroadcast(INDArray g, long[] shape) {
        long[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        if (g.length() == prod(shape)) {
            // every broadcast axis has size 1 here: the sum over it is g itself, reshaped
            return g.reshape('c', shape);
        }
        if (gs.length >= 2 && shape.length >= 1 && shape[shape.length - 1] == gs[gs.length - 1]
                && prod(shape) == gs[gs.length - 1]) {
            // a bias's gradient, the column sums of g's (N, C) rows: one GEMM (1, N) x (N, C), faster than
            // libnd4j's reduction along the strided axis
            INDArray g2 = rows(g);
            INDArray ones = Nd4j.ones(g.dataType(), 1, g2.size(0));
            return Gemm.times(ones, g2, false, false).reshape('c', shape);
        }
        int lead = gs.length - shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                dims.add(i);
            }
        }
        INDArray s = dims.isEmpty() ? g : g.sum(true, dims.stream().mapToInt(Integer::intValue).toArray());
        if (shape.length == 0) {
            return Nd4j.scalar(g.dataType(), s.getDouble(0));
        }
        return s.reshape('c', shape);
    }

    /** 1 where {@code mask} is non-zero, else 0, in {@code type}. */
    static INDArray ones01(INDArray mask, DataType type) {
        if (mask.dataType() == DataType.BOOL) {
            return mask.castTo(type);
        }
        return mask.neq(0).castTo(type);
    }

    /** Elementwise {@code m != 0 ? a : b}; all three of one shape, a and b of one float type. Exact with Inf/NaN. */
    static INDArray select(INDArray m, INDArray a, INDArray b) {
        double[] md = m.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        long[] shape = a.shape();
        if (a.dataType() == DataType.FLOAT) {
            float[] ad = a.dup('c').data().asFloat();
            float[] bd = b.dup('c').data().asFloat();
            for (int i = 0; i < md.length; i++) {
                if (md[i] == 0) {
                    ad[i] = bd[i];
                }
            }
            return shape.length == 0 ? Nd4j.scalar(ad[0]) : Nd4j.create(ad, shape, 'c');
        }
        double[] ad = a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] bd = b.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < md.length; i++) {
            if (md[i] == 0) {
                ad[i] = bd[i];
            }
        }
        return shape.length == 0 ? Nd4j.scalar(ad[0]) : Nd4j.create(ad, shape, DataType.DOUBLE);
    }

    /** All axes of a rank-r array. */
    static int[] allAxes(int rank) {
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) {
            r[i] = i;
        }
        return r;
    }

    /** {@code shape} with the given (resolved, sorted) axes set to 1. */
    static long[] keepDimsShape(long[] shape, int[] axes) {
        long[] r = shape.clone();
        for (int a : axes) {
            r[a] = 1;
        }
        return r;
    }

    /** {@code shape} without the given axes. */
    static long[] dropAxes(long[] shape, int[] axes) {
        long[] r = new long[shape.length - axes.length];
        int k = 0;
        outer:
        for (int i = 0; i < shape.length; i++) {
            for (int a : axes) {
                if (a == i) {
                    continue outer;
                }
            }
            r[k++] = shape[i];
        }
        return r;
    }

    /** A rank-0 array or a reshape; ND4J needs care with scalars. */
    static INDArray reshape(INDArray x, long[] shape) {
        if (shape.length == 0) {
            return Nd4j.scalar(x.dataType(), x.getDouble(0));
        }
        if (x.rank() == 0) {
            return Nd4j.valueArrayOf(shape, x.getDouble(0), x.dataType());
        }
        return x.reshape('c', shape);
    }

    static long prod(long[] s) {
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        return n;
    }
}
