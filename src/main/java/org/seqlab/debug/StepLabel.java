package org.seqlab.debug;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A trace label read as "a recurrence at one time step": the parts before the deepest time-step part
 * {@code t<digits>} (the {@code prefix}), the step {@code t}, and the parts after it ({@code rest}).
 * {@code rnn/l0/t3/forget_gate} is prefix {@code rnn/l0}, t 3, rest {@code forget_gate};
 * {@code decoder/t2/cell/hidden} is prefix {@code decoder}, t 2, rest {@code cell/hidden}.
 *
 * <p>The {@link #series()} of a gate or hidden-state label is the label without its time-step part and its
 * last part ({@code rnn/l0}, {@code rnn/l0_reverse}, {@code decoder/cell}): the same naming as
 * {@link GradientFlow}'s series.
 *
 * @param prefix the parts before the time step, joined with {@code /} (may be empty)
 * @param t the time step
 * @param rest the parts after the time step, joined with {@code /} (may be empty)
 */
record StepLabel(String prefix, int t, String rest) {

    private static final Pattern TIME_STEP = Pattern.compile("t(\\d+)");

    /** The label's deepest time-step part and what is around it; empty when the label has none. */
    static Optional<StepLabel> parse(String label) {
        String[] parts = label.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (TIME_STEP.matcher(parts[i]).matches()) {
                int t;
                try {
                    t = Integer.parseInt(parts[i].substring(1));
                } catch (NumberFormatException tooLong) {
                    return Optional.empty();
                }
                return Optional.of(new StepLabel(String.join("/", Arrays.asList(parts).subList(0, i)), t,
                        String.join("/", Arrays.asList(parts).subList(i + 1, parts.length))));
            }
        }
        return Optional.empty();
    }

    /** The last part of the label ({@code forget_gate}); empty when the time step is the last part. */
    String leaf() {
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? rest : rest.substring(slash + 1);
    }

    /** The parts between the time step and the leaf ({@code cell} in {@code decoder/t2/cell/hidden}). */
    String middle() {
        int slash = rest.lastIndexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    /** The label without its time step and its leaf: {@code rnn/l0}, {@code decoder/cell}. */
    String series() {
        String m = middle();
        if (prefix.isEmpty()) {
            return m;
        }
        return m.isEmpty() ? prefix : prefix + "/" + m;
    }
}
