package org.seqlab.nn.attention;

import java.util.StringJoiner;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;

/** Checks shared by the attentions: every query must keep at least one visible key. */
final class Masks {
    private Masks() {
    }

    /**
     * Throws when some row of {@code mask} (its last dimension runs over the keys; non-zero = masked) is
     * masked everywhere. {@code dims} names the mask's dimensions for the message ({@code batch}, {@code head},
     * {@code query}); a dimension of size 1 is shown as {@code *} (it broadcasts).
     */
    static void requireVisibleKeys(Tensor mask, String... dims) {
        long[] shape = mask.shape().toArray();
        if (shape.length == 0) {
            if (mask.item() != 0) {
                throw fullyMasked(new long[0], new long[0], dims);
            }
            return;
        }
        int keys = (int) shape[shape.length - 1];
        double[] m = mask.toDoubleArray();
        for (int row = 0; row * keys < m.length; row++) {
            boolean all = true;
            for (int j = 0; j < keys && all; j++) {
                all = m[row * keys + j] != 0;
            }
            if (all) {
                long[] lead = new long[shape.length - 1];
                long r = row;
                for (int d = lead.length - 1; d >= 0; d--) {
                    lead[d] = r % shape[d];
                    r /= shape[d];
                }
                throw fullyMasked(lead, shape, dims);
            }
        }
    }

    private static AttentionMaskException fullyMasked(long[] index, long[] shape, String[] dims) {
        StringJoiner at = new StringJoiner(", ");
        for (int d = 0; d < index.length; d++) {
            String name = d < dims.length ? dims[d] : "dim " + d;
            if (shape[d] == 1) {
                if (d < dims.length && name.equals("head")) {
                    continue;   // a mask shared by every head: not worth naming
                }
                at.add(name + " *");
            } else {
                at.add(name + " " + index[d]);
            }
        }
        String where = Scope.current();
        return new AttentionMaskException("Attention" + (where.isEmpty() ? "" : " at " + where)
                + ": every key is masked for " + (index.length == 0 ? "the only query" : at.toString())
                + ", so its softmax has nothing to weigh (PyTorch returns NaN there). Leave at least one key visible "
                + "for every query: a sequence made only of padding, or left padding together with a causal mask, "
                + "hides a whole row; pad on the right, or drop empty sequences from the batch.");
    }
}
