package org.seqlab.autograd;

import java.util.Arrays;

/** An immutable tensor shape, printed as users read it: {@code (32,64)}, a scalar as {@code ()}. */
public final class Shape {
    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        for (long d : dims) {
            if (d < 0) {
                throw new ShapeException("A shape needs sizes >= 0; found " + Arrays.toString(dims) + ".");
            }
        }
        return new Shape(dims.clone());
    }

    public static Shape of(int... dims) {
        return of(Arrays.stream(dims).asLongStream().toArray());
    }

    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code dim}; negative dims count from the end ({@code -1} is the last). */
    public long size(int dim) {
        return dims[axis(dim)];
    }

    /** Resolves a possibly negative axis against this rank, or throws naming the valid range. */
    public int axis(int dim) {
        int a = dim < 0 ? dim + dims.length : dim;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("Axis " + dim + " does not exist in shape " + this + ": valid axes are "
                    + (dims.length == 0 ? "none (a scalar has no axes)" : -dims.length + ".." + (dims.length - 1)) + ".");
        }
        return a;
    }

    public long numel() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public long[] toArray() {
        return dims.clone();
    }

    public int[] toIntArray() {
        int[] r = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = Math.toIntExact(dims[i]);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
