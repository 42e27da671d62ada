package org.seqlab.debug;

import java.util.Optional;

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

    /** The label's deepest time-step part and what is around it; empty when the label has none. */
    static Optional<StepLabel> parse(String label) {
        // scanned by hand, parts from the last: the graph view parses every label of a trace
        int end = label.length();
        while (end >= 0) {
            int start = label.lastIndexOf('/', end - 1) + 1;
            if (isTimeStep(label, start, end)) {
                int t;
                try {
                    t = Integer.parseInt(label, start + 1, end, 10);
                } catch (NumberFormatException tooLong) {
                    return Optional.empty();
                }
                return Optional.of(new StepLabel(start == 0 ? "" : label.substring(0, start - 1), t,
                        end >= label.length() ? "" : label.substring(end + 1)));
            }
            if (start == 0) {
                break;
            }
            end = start - 1;
        }
        return Optional.empty();
    }

    /** Whether {@code label[start, end)} is {@code t} and one or more ASCII digits. */
    private static boolean isTimeStep(String label, int start, int end) {
        if (end - start < 2 || label.charAt(start) != 't') {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
