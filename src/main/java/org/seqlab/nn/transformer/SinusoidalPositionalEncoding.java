package org.seqlab.nn.transformer;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.slice;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;

/**
 * Vaswani et al.'s fixed positional encoding, added to the token embeddings:
 * <pre>
 *   PE(pos, 2i)   = sin(pos / 10000^(2i / d))
 *   PE(pos, 2i+1) = cos(pos / 10000^(2i / d))
 * </pre>
 * A constant table {@code (maxLen, d)}, computed once in double precision; not a parameter and not in the
 * state_dict. Positions count from 0. Trace labels under the module's scope: {@code pe} (the rows used),
 * then the add.
 */
public final class SinusoidalPositionalEncoding extends Module {
    private final long maxLen;
    private final long dim;
    private final Tensor table;

    public SinusoidalPositionalEncoding(long maxLen, long dim, DType dtype) {
        super(dtype);
        if (maxLen <= 0 || dim <= 0) {
            throw new IllegalArgumentException("positional encoding needs positive sizes; found maxLen " + maxLen
                    + ", dim " + dim);
        }
        this.maxLen = maxLen;
        this.dim = dim;
        double[] pe = new double[Math.toIntExact(maxLen * dim)];
        for (int pos = 0; pos < maxLen; pos++) {
            for (int j = 0; j < dim; j++) {
                pe[(int) (pos * dim) + j] = value(pos, j, dim);
            }
        }
        this.table = Tensor.of(dtype, pe, maxLen, dim).named("pe");
    }

    /** {@code PE(pos, j)} for model width {@code d}: sin at even {@code j}, cos at odd {@code j}. */
    public static double value(long pos, long j, long d) {
        long twoI = j - (j % 2);
        double angle = pos / Math.pow(10000.0, (double) twoI / d);
        return j % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
    }

    public long maxLength() {
        return maxLen;
    }

    /** The first {@code length} rows of the table {@code (length, d)}, a constant. */
    public Tensor encoding(long length) {
        if (length > maxLen) {
            throw new SequenceTooLongException(length, maxLen, Scope.current());
        }
        return slice(table, 0, 0, length);
    }

    /** {@code x (..., T, d)} plus the encodings of positions {@code 0..T-1}. */
    public Tensor forward(Tensor x) {
        try (Scope s = enter()) {
            long t = Positions.length(x, maxLen, dim, "Sinusoidal positional encoding");
            Tensor pe;
            try (Scope p = Scope.push("pe")) {
                pe = encoding(t);                                           // (T, d)
            }
            return add(x, pe);
        }
    }
}
