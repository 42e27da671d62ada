package org.seqlab.data.batch;

import java.util.Arrays;
import org.seqlab.SeqLabException;

/**
 * A padded batch of id sequences, shape {@code (B, T)} with {@code T} the longest sequence in the batch.
 * {@code mask[b][t]} is 1 for a real token and 0 for padding; {@code lengths[b]} the number of real tokens;
 * {@code indices[b]} the position of row {@code b} in the list the batch was made from (so shuffled and
 * bucketed batches can be traced back to their examples). The arrays belong to the batch: do not change them.
 *
 * @param ids token ids, {@code (B, T)}, padding after each sequence
 * @param mask 1 = real token, 0 = padding, {@code (B, T)}
 * @param lengths real tokens per row, {@code (B)}
 * @param indices source positions of the rows, {@code (B)}
 */
public record Batch(long[][] ids, long[][] mask, int[] lengths, int[] indices) {

    /** Checks that the four arrays agree in shape. */
    public Batch {
        int b = ids.length;
        if (mask.length != b || lengths.length != b || indices.length != b) {
            throw new SeqLabException("A batch needs as many mask rows, lengths and indices as id rows (" + b
                    + "), got " + mask.length + ", " + lengths.length + " and " + indices.length + ".");
        }
        int t = b == 0 ? 0 : ids[0].length;
        for (int r = 0; r < b; r++) {
            if (ids[r].length != t || mask[r].length != t || lengths[r] > t) {
                throw new SeqLabException("Row " + r + " of a batch does not have the batch's length " + t + ".");
            }
        }
    }

    /** The number of rows, {@code B}. */
    public int batchSize() {
        return ids.length;
    }

    /** The padded length, {@code T}. */
    public int maxLength() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /** The ids row by row in one array, {@code B * T} long (for a tensor of shape {@code (B, T)}). */
    public long[] flatIds() {
        return flatten(ids);
    }

    /** The mask row by row in one array, {@code B * T} long. */
    public long[] flatMask() {
        return flatten(mask);
    }

    /** The number of real tokens in the batch (the mask's sum). */
    public int tokenCount() {
        return Arrays.stream(lengths).sum();
    }

    private long[] flatten(long[][] rows) {
        int t = maxLength();
        long[] out = new long[rows.length * t];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * t, t);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch other && Arrays.deepEquals(ids, other.ids) && Arrays.deepEquals(mask, other.mask)
                && Arrays.equals(lengths, other.lengths) && Arrays.equals(indices, other.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(ids) * 31 + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "Batch[" + batchSize() + " x " + maxLength() + ", lengths=" + Arrays.toString(lengths) + ", indices="
                + Arrays.toString(indices) + ", ids=" + Arrays.deepToString(ids) + "]";
    }
}
