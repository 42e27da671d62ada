package org.seqlab.autograd.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;

/**
 * Embedding lookup: row {@code ids[...]} of {@code weight (V, C)} for every id, giving {@code ids.shape + (C)}.
 * The backward scatter-adds the rows of the gradient into {@code (V, C)}; the padding row, if any, gets none.
 */
public final class Embedding extends Op {
    private final long paddingIdx;
    private int[] ids;
    private long vocab;
    private long dim;

    /** {@code paddingIdx < 0} means no padding row. */
    public Embedding(long paddingIdx) {
        super("embedding");
        this.paddingIdx = paddingIdx;
    }

    @Override
    protected boolean isIndexInput(int i) {
        return i == 1;
    }

    @Override
    protected INDArray forward(INDArray[] x) {
        INDArray w = x[0];
        if (w.rank() != 2) {
            throw shapeError("the embedding table must be (vocabulary, dim); found rank " + w.rank());
        }
        vocab = w.size(0);
        dim = w.size(1);
        long[] raw = x[1].rank() == 0 ? new long[] {x[1].getLong(0)} : x[1].dup('c').data().asLong();
        ids = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] < 0 || raw[i] >= vocab) {
                throw shapeError("id " + raw[i] + " at flat position " + i + " is outside the table's " + vocab
                        + " rows: ids must be in 0.." + (vocab - 1) + " (map unknown tokens to the <unk> id)");
            }
            ids[i] = (int) raw[i];
        }
        long[] outShape = Arrays.copyOf(x[1].shape(), x[1].rank() + 1);
        outShape[x[1].rank()] = dim;
        if (ids.length == 0) {
            return Nd4j.create(w.dataType(), outShape);
        }
        return Nd4j.pullRows(w, 1, ids).reshape('c', outShape);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        int c = (int) dim;
        if (g.dataType() == DataType.FLOAT && vocab * dim < Integer.MAX_VALUE) {
            return new INDArray[] {backwardFloat(g, c), null};
        }
        double[] src = g.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        double[] acc = new double[Math.toIntExact(vocab * dim)];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == paddingIdx) {
                continue;
            }
            int row = ids[i] * c;
            int from = i * c;
            for (int j = 0; j < c; j++) {
                acc[row + j] += src[from + j];
            }
        }
        INDArray gw = Nd4j.create(acc, new long[] {vocab, dim}, DataType.DOUBLE);
        return new INDArray[] {gw.dataType() == g.dataType() ? gw : gw.castTo(g.dataType()), null};
    }

    /**
     * float32: the rows of g read in bulk and added into a float32 table in Java (id by id, in order), as PyTorch
     * accumulates a float32 embedding's gradient; float64 keeps the double loop above.
     */
    private INDArray backwardFloat(INDArray g, int c) {
        float[] src = Pointwise.readFloats(g, ids.length * c, null);
        float[] acc = new float[Math.toIntExact(vocab * dim)];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == paddingIdx) {
                continue;
            }
            int row = ids[i] * c;
            int from = i * c;
            for (int j = 0; j < c; j++) {
                acc[row + j] += src[from + j];
            }
        }
        return Pointwise.writeFloats(acc, vocab, dim);
    }
}
