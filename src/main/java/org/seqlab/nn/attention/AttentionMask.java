package org.seqlab.nn.attention;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;

/**
 * Which keys each query may not see, as PyTorch's {@code nn.MultiheadAttention} takes them: a causal mask
 * (query {@code t} sees keys {@code 0..t}), a key padding mask {@code (B, S)} ({@code key_padding_mask}) and
 * a user mask {@code (T, S)} ({@code attn_mask}). In both tensors a non-zero value means <em>masked</em>
 * (PyTorch's {@code True}); PyTorch's float masks of 0 and -inf read the same way. Immutable:
 * <pre>{@code
 * AttentionMask.causal().withKeyPadding(padding)
 * }</pre>
 * {@link #build} combines them into one tensor that broadcasts over the scores {@code (B, nh, T, S)}.
 */
public final class AttentionMask {
    private static final AttentionMask NONE = new AttentionMask(false, null, null);

    private final boolean causal;
    private final Tensor keyPadding;
    private final Tensor attnMask;

    private AttentionMask(boolean causal, Tensor keyPadding, Tensor attnMask) {
        if (keyPadding != null && keyPadding.rank() != 2) {
            throw new ShapeException("A key padding mask is (B, S): one row per batch item, one column per key; found "
                    + keyPadding.shape() + ". Make it with AttentionMask.paddingFromLengths(lengths, S).");
        }
        if (attnMask != null && attnMask.rank() != 2) {
            throw new ShapeException("An attention mask is (T, S): one row per query, one column per key; found "
                    + attnMask.shape() + ". Use a (B, S) key padding mask for per-sequence masks.");
        }
        this.causal = causal;
        this.keyPadding = keyPadding;
        this.attnMask = attnMask;
    }

    /** Nothing masked. */
    public static AttentionMask none() {
        return NONE;
    }

    /** Query {@code t} may not see keys after {@code t}. */
    public static AttentionMask causal() {
        return new AttentionMask(true, null, null);
    }

    /** Keys marked non-zero in {@code mask (B, S)} are padding, hidden from every query. */
    public static AttentionMask keyPadding(Tensor mask) {
        return new AttentionMask(false, mask, null);
    }

    /** A user mask {@code (T, S)}: non-zero at {@code [t, s]} hides key {@code s} from query {@code t}. */
    public static AttentionMask of(Tensor attnMask) {
        return new AttentionMask(false, null, attnMask);
    }

    public AttentionMask withCausal() {
        return new AttentionMask(true, keyPadding, attnMask);
    }

    public AttentionMask withKeyPadding(Tensor mask) {
        return new AttentionMask(causal, mask, attnMask);
    }

    public AttentionMask withAttnMask(Tensor mask) {
        return new AttentionMask(causal, keyPadding, mask);
    }

    public boolean isCausal() {
        return causal;
    }

    /** The key padding mask {@code (B, S)}, or null. */
    public Tensor keyPaddingMask() {
        return keyPadding;
    }

    /** The user mask {@code (T, S)}, or null. */
    public Tensor attnMask() {
        return attnMask;
    }

    public boolean isEmpty() {
        return !causal && keyPadding == null && attnMask == null;
    }

    /**
     * The masks combined by logical or into one tensor of 0 and 1 (1 = masked) shaped {@code (Bm, 1, Tm, S)},
     * which broadcasts over scores {@code (B, nh, T, S)}: {@code Bm} is B with a key padding mask, else 1;
     * {@code Tm} is T with a causal or user mask, else 1. Null when nothing is masked. Computed outside the
     * tape: masks are data, not part of the differentiated graph.
     */
    public Tensor build(DType dtype, long batch, long queries, long keys) {
        if (isEmpty()) {
            return null;
        }
        String where = Scope.current();
        if (keyPadding != null && (keyPadding.size(0) != batch || keyPadding.size(1) != keys)) {
            throw new ShapeException("Key padding mask" + at(where) + ": expected (B, S) = (" + batch + "," + keys
                    + "), found " + keyPadding.shape() + ". It needs one row per batch item and one column per key "
                    + "(the keys' sequence length, the encoder's for cross-attention).");
        }
        if (attnMask != null && (attnMask.size(0) != queries || attnMask.size(1) != keys)) {
            throw new ShapeException("Attention mask" + at(where) + ": expected (T, S) = (" + queries + "," + keys
                    + "), found " + attnMask.shape() + ". It needs one row per query and one column per key.");
        }
        int bm = keyPadding != null ? (int) batch : 1;
        int tm = causal || attnMask != null ? (int) queries : 1;
        int s = (int) keys;
        double[] pad = keyPadding == null ? null : keyPadding.toDoubleArray();
        double[] user = attnMask == null ? null : attnMask.toDoubleArray();
        double[] m = new double[bm * tm * s];
        for (int b = 0; b < bm; b++) {
            for (int t = 0; t < tm; t++) {
                for (int j = 0; j < s; j++) {
                    boolean masked = (causal && j > t)
                            || (user != null && user[t * s + j] != 0)
                            || (pad != null && pad[b * s + j] != 0);
                    m[(b * tm + t) * s + j] = masked ? 1 : 0;
                }
            }
        }
        return Tensor.of(dtype, m, bm, 1, tm, s).named("attn_mask");
    }

    /**
     * A key padding mask {@code (B, maxLen)} from sequence lengths: 1 at positions {@code >= lengths[b]}
     * (right padding), float64.
     */
    public static Tensor paddingFromLengths(long[] lengths, long maxLen) {
        double[] m = new double[Math.toIntExact(lengths.length * maxLen)];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > maxLen) {
                throw new ShapeException("Sequence " + b + " has length " + lengths[b] + ", outside 0.." + maxLen
                        + ": lengths must not exceed the padded length " + maxLen + ".");
            }
            for (long j = lengths[b]; j < maxLen; j++) {
                m[(int) (b * maxLen + j)] = 1;
            }
        }
        return Tensor.of(m, lengths.length, maxLen).named("key_padding_mask");
    }

    private static String at(String where) {
        return where.isEmpty() ? "" : " at " + where;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "AttentionMask(none)";
        }
        StringBuilder sb = new StringBuilder("AttentionMask(");
        String sep = "";
        if (causal) {
            sb.append("causal");
            sep = ", ";
        }
        if (keyPadding != null) {
            sb.append(sep).append("key padding ").append(keyPadding.shape());
            sep = ", ";
        }
        if (attnMask != null) {
            sb.append(sep).append("attn_mask ").append(attnMask.shape());
        }
        return sb.append(')').toString();
    }
}
