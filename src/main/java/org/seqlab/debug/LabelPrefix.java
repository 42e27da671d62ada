package org.seqlab.debug;

import java.util.regex.Pattern;

/**
 * The unit a label belongs to for stepping: its time step or layer. The cursor's step over skips the
 * current label's {@linkplain #of prefix}, step out skips that prefix's {@linkplain #parent parent}.
 *
 * <p>A label's parts are separated by {@code /}. Its prefix is the label cut after
 * <ol>
 *   <li>its deepest time-step part {@code t<digits>}; or else</li>
 *   <li>its deepest layer part: {@code l<digits>} (also {@code l<digits>_reverse}, the backward direction of
 *       a bidirectional layer), or the number after a {@code layers} or {@code h} part; or else</li>
 *   <li>nowhere: the prefix is the whole label.</li>
 * </ol>
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>label</th><th>prefix</th><th>parent</th></tr>
 *   <tr><td>{@code rnn/l0/t3/forget_gate}</td><td>{@code rnn/l0/t3}</td><td>{@code rnn/l0}</td></tr>
 *   <tr><td>{@code lstm/l0_reverse/t1/hidden}</td><td>{@code lstm/l0_reverse/t1}</td><td>{@code lstm/l0_reverse}</td></tr>
 *   <tr><td>{@code rnn/l0/input_projection}</td><td>{@code rnn/l0}</td><td>{@code rnn}</td></tr>
 *   <tr><td>{@code transformer/h/0/attn/heads/weights}</td><td>{@code transformer/h/0}</td><td>{@code transformer}</td></tr>
 *   <tr><td>{@code encoder/layers/1/self_attn/attn/weights}</td><td>{@code encoder/layers/1}</td><td>{@code encoder}</td></tr>
 *   <tr><td>{@code decoder/t2/attention/weights}</td><td>{@code decoder/t2}</td><td>{@code decoder}</td></tr>
 *   <tr><td>{@code transformer/ln_f}</td><td>{@code transformer/ln_f}</td><td>{@code transformer}</td></tr>
 *   <tr><td>{@code loss}</td><td>{@code loss}</td><td>{@code ""} (the root: every label is under it)</td></tr>
 * </table>
 * A time step wins over a deeper layer part ({@code dec/t2/layers/0/x} has the prefix {@code dec/t2}).
 */
public final class LabelPrefix {
    private static final Pattern TIME_STEP = Pattern.compile("t\\d+");
    private static final Pattern LAYER = Pattern.compile("l\\d+(_reverse)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private LabelPrefix() {
    }

    /** The label's time step or layer prefix, as defined above. */
    public static String of(String label) {
        String[] parts = label.split("/");
        int cut = deepest(parts, true);
        if (cut < 0) {
            cut = deepest(parts, false);
        }
        return cut < 0 ? label : join(parts, cut + 1);
    }

    /**
     * The unit a prefix sits in: the prefix without its last time-step or layer part ({@code layers/1} and
     * {@code h/0} count as one part), or, for a prefix that is a whole label, without its last part. The
     * parent of a one-part prefix is {@code ""}, the root.
     */
    public static String parent(String prefix) {
        String[] parts = prefix.split("/");
        int n = parts.length;
        if (n >= 2 && isNumberedLayer(parts, n - 1)) {
            return join(parts, n - 2);
        }
        return join(parts, n - 1);
    }

    /** Whether {@code label} is {@code prefix} or lies below it (part-wise: {@code t1} does not hold {@code t10}). */
    public static boolean isUnder(String label, String prefix) {
        return prefix.isEmpty() || label.equals(prefix)
                || label.length() > prefix.length() && label.startsWith(prefix) && label.charAt(prefix.length()) == '/';
    }

    /** The deepest time-step part (or, with {@code timeSteps} false, layer part), or -1. */
    private static int deepest(String[] parts, boolean timeSteps) {
        for (int i = parts.length - 1; i >= 0; i--) {
            boolean hit = timeSteps ? TIME_STEP.matcher(parts[i]).matches()
                    : LAYER.matcher(parts[i]).matches() || isNumberedLayer(parts, i);
            if (hit) {
                return i;
            }
        }
        return -1;
    }

    /** {@code parts[i]} is the number of a {@code layers/<n>} or {@code h/<n>} pair. */
    private static boolean isNumberedLayer(String[] parts, int i) {
        return i > 0 && NUMBER.matcher(parts[i]).matches()
                && (parts[i - 1].equals("layers") || parts[i - 1].equals("h"));
    }

    private static String join(String[] parts, int count) {
        return String.join("/", java.util.Arrays.asList(parts).subList(0, Math.max(0, count)));
    }
}
