package org.seqlab.nn.attention;

import static org.seqlab.autograd.ops.F.maskedFill;
import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.select;
import static org.seqlab.autograd.ops.F.softmax;
import static org.seqlab.autograd.ops.F.stack;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;

/**
 * The attention a seq2seq decoder step pays over the encoder's outputs (Bahdanau et al. 2015; Luong et al.
 * 2015): the decoder state {@code query (B, Hq)} scores every encoder output {@code keys (B, S, Hk)}, the
 * scores become weights by a softmax over the source positions (padding excluded), and the context is the
 * weighted sum of {@code values (B, S, Hv)} (usually the keys themselves).
 *
 * <p>Subclasses give only the score ({@link AdditiveAttention}, {@link DotAttention},
 * {@link GeneralAttention}); the rest is shared, with these trace labels under the module's scope:
 * {@code scores} (B, S), {@code masked} (when a padding mask is given), {@code weights} (B, S),
 * {@code context} (B, Hv).
 */
public abstract class Seq2SeqAttention extends Module {

    protected Seq2SeqAttention(DType dtype) {
        super(dtype);
    }

    /** The feature size the query must have. */
    public abstract long queryDim();

    /** The feature size the keys must have. */
    public abstract long keyDim();

    /** The scores {@code (B, S)} of {@code query (B, Hq)} against {@code keys (B, S, Hk)}. */
    protected abstract Tensor score(Tensor query, Tensor keys);

    /**
     * The scores {@code (B, T, S)} of every query of {@code queries (B, T, Hq)} against {@code keys (B, S, Hk)}:
     * row {@code t} is {@link #score} of query {@code t}. This form scores them one by one; subclasses may do it
     * in one product.
     */
    protected Tensor scoreAll(Tensor queries, Tensor keys) {
        Tensor[] rows = new Tensor[Math.toIntExact(queries.size(1))];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = score(select(queries, 1, t), keys);                  // (B, S)
        }
        return stack(1, rows);                                              // (B, T, S)
    }

    /**
     * Every decoder step's attention at once, for queries known in advance (a Luong decoder's states when not
     * traced): the context {@code (B, T, Hv)} and weights {@code (B, T, S)} of {@code queries (B, T, Hq)}, row
     * {@code t} the values {@link #forward(Tensor, Tensor, Tensor, Tensor)} gives for query {@code t}: a few
     * batched ops instead of a handful per step. The trace labels are those of one step.
     */
    public final AttentionResult forwardAll(Tensor queries, Tensor keys, Tensor values, Tensor sourcePadding) {
        try (Scope s = enter()) {
            if (queries.rank() != 3) {
                throw new ShapeException(getClass().getSimpleName() + " at " + Scope.current() + ": expected the "
                        + "decoder states of all steps as queries (B, T, " + queryDim() + "); found " + queries.shape()
                        + ".");
            }
            checkShapes(select(queries, 1, 0), keys, values, sourcePadding);
            long b = keys.size(0);
            Tensor scores;
            try (Scope l = Scope.push("scores")) {
                scores = scoreAll(queries, keys);                          // (B, T, S)
            }
            if (sourcePadding != null) {
                Masks.requireVisibleKeys(sourcePadding, "batch");
                try (Scope l = Scope.push("masked")) {
                    scores = maskedFill(scores, reshape(sourcePadding, b, 1, keys.size(1)), Double.NEGATIVE_INFINITY);
                }
            }
            Tensor weights;
            try (Scope l = Scope.push("weights")) {
                weights = softmax(scores, -1);                              // (B, T, S)
            }
            Tensor context;
            try (Scope l = Scope.push("context")) {
                context = matmul(weights, values);                          // (B, T, Hv)
            }
            return new AttentionResult(context, weights);
        }
    }

    /** Attends over {@code keys}, which are also the values. */
    public final AttentionResult forward(Tensor query, Tensor keys, Tensor sourcePadding) {
        return forward(query, keys, keys, sourcePadding);
    }

    /**
     * The context {@code (B, Hv)} and weights {@code (B, S)} of {@code query (B, Hq)} over
     * {@code keys (B, S, Hk)} and {@code values (B, S, Hv)}. {@code sourcePadding (B, S)} (or null) is
     * non-zero at padding positions, which get weight exactly 0.
     */
    public final AttentionResult forward(Tensor query, Tensor keys, Tensor values, Tensor sourcePadding) {
        try (Scope s = enter()) {
            checkShapes(query, keys, values, sourcePadding);
            long b = keys.size(0);
            long srcLen = keys.size(1);
            Tensor scores;
            try (Scope l = Scope.push("scores")) {
                scores = score(query, keys);                                // (B, S)
            }
            if (sourcePadding != null) {
                Masks.requireVisibleKeys(sourcePadding, "batch");
                try (Scope l = Scope.push("masked")) {
                    scores = maskedFill(scores, sourcePadding, Double.NEGATIVE_INFINITY);
                }
            }
            Tensor weights;
            try (Scope l = Scope.push("weights")) {
                weights = softmax(scores, -1);                              // (B, S)
            }
            Tensor context;
            try (Scope l = Scope.push("context")) {
                context = matmul(reshape(weights, b, 1, srcLen), values);  // (B, 1, Hv)
                context = reshape(context, b, values.size(2));              // (B, Hv)
            }
            return new AttentionResult(context, weights);
        }
    }

    private void checkShapes(Tensor query, Tensor keys, Tensor values, Tensor padding) {
        String where = getClass().getSimpleName() + (Scope.current().isEmpty() ? "" : " at " + Scope.current());
        if (query.rank() != 2 || query.size(1) != queryDim()) {
            throw new ShapeException(where + ": expected the decoder state as query (B, " + queryDim() + "), found "
                    + query.shape() + ". Pass one state vector per batch item (the top layer's hidden state).");
        }
        if (keys.rank() != 3 || keys.size(0) != query.size(0) || keys.size(2) != keyDim()) {
            throw new ShapeException(where + ": expected the encoder outputs as keys (B, S, " + keyDim() + ") with B = "
                    + query.size(0) + ", found " + keys.shape() + ". Pass the encoder's outputs, batch first.");
        }
        if (values.rank() != 3 || values.size(0) != keys.size(0) || values.size(1) != keys.size(1)) {
            throw new ShapeException(where + ": expected values (B, S, Hv) = (" + keys.size(0) + ", " + keys.size(1)
                    + ", Hv) to match the keys " + keys.shape() + ", found " + values.shape()
                    + ". Pass one value per key.");
        }
        if (padding != null && (padding.rank() != 2 || padding.size(0) != keys.size(0)
                || padding.size(1) != keys.size(1))) {
            throw new ShapeException(where + ": expected the source padding mask (B, S) = (" + keys.size(0) + ","
                    + keys.size(1) + "), found " + padding.shape() + ". Make it with "
                    + "AttentionMask.paddingFromLengths(sourceLengths, S).");
        }
    }
}
