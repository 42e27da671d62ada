package org.seqlab.debug;

import java.util.regex.Pattern;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TensorStats;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

/**
 * A condition on a trace event that stops {@link Cursor#runToBreakpoint}: a label pattern, the first NaN/Inf,
 * or a gradient norm above a threshold. Each has a {@link #description()} for the breakpoint list.
 */
public sealed interface Breakpoint permits Breakpoint.LabelPattern, Breakpoint.NonFinite, Breakpoint.GradientNorm {

    /** Whether {@code event} (an event of {@code trace}) stops a run. */
    boolean hits(Trace trace, TraceEvent event);

    /** What the breakpoint stops at, in English, e.g. "label matches *&#47;forget_gate". */
    String description();

    /** Breaks at every event, forward and backward, whose label matches the glob (as {@link Trace#matching}). */
    static Breakpoint label(String glob) {
        return new LabelPattern(glob);
    }

    /** Breaks where a NaN or an infinity first appears, once in the forward and once in the backward pass. */
    static Breakpoint nonFinite() {
        return new NonFinite();
    }

    /** Breaks at backward events that produce a gradient whose L2 norm exceeds {@code threshold}. */
    static Breakpoint gradientNorm(double threshold) {
        return new GradientNorm(threshold);
    }

    /**
     * Label pattern: {@code *} matches any run of characters ({@code /} included), {@code ?} one character;
     * {@code *}{@code /forget_gate} stops at every forget gate of every layer and step. Hits events of both phases.
     */
    final class LabelPattern implements Breakpoint {
        private final String glob;
        private final Pattern regex;

        public LabelPattern(String glob) {
            if (glob == null || glob.isBlank()) {
                throw new SeqLabException("A label breakpoint needs a pattern such as '*/forget_gate'; found '"
                        + glob + "'.");
            }
            this.glob = glob;
            this.regex = Trace.globToRegex(glob);
        }

        public String glob() {
            return glob;
        }

        @Override
        public boolean hits(Trace trace, TraceEvent event) {
            return regex.matcher(event.label()).matches();
        }

        @Override
        public String description() {
            return "label matches " + glob;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LabelPattern p && p.glob.equals(glob);
        }

        @Override
        public int hashCode() {
            return glob.hashCode();
        }

        @Override
        public String toString() {
            return "LabelPattern[" + glob + "]";
        }
    }

    /**
     * First NaN/Inf: hits an event that holds a non-finite value — in its value (forward: the output;
     * backward: the gradient flowing in) or in a gradient it produced — when no earlier event of the same
     * phase holds one. So a run stops where NaN/Inf first appears in the forward pass and again where it
     * first appears in the backward pass, not at every op it then spreads to.
     */
    record NonFinite() implements Breakpoint {
        @Override
        public boolean hits(Trace trace, TraceEvent event) {
            if (!holdsNonFinite(event)) {
                return false;
            }
            for (int i = event.index() - 1; i >= 0; i--) {
                TraceEvent earlier = trace.get(i);
                if (earlier.phase() != event.phase()) {
                    break;
                }
                if (holdsNonFinite(earlier)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String description() {
            return "first NaN/Inf (forward and backward)";
        }

        /** Whether the event's value or a gradient it produced holds NaN or an infinity. */
        public static boolean holdsNonFinite(TraceEvent event) {
            if (TensorStats.of(event.value()).nonFinite() > 0) {
                return true;
            }
            for (Tensor g : event.gradients()) {
                if (g != null && TensorStats.of(g).nonFinite() > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Gradient norm above a threshold: hits a backward event when the L2 norm of a gradient it produced, for
     * any input, is greater than {@code threshold}. The norm is {@link TensorStats#norm()}, over the finite
     * values; NaN and infinities are the {@link NonFinite} breakpoint's business.
     */
    record GradientNorm(double threshold) implements Breakpoint {
        public GradientNorm {
            if (!Double.isFinite(threshold) || threshold < 0) {
                throw new SeqLabException("A gradient-norm breakpoint needs a finite threshold >= 0; found "
                        + threshold + ". Give a norm such as 1 or 10.");
            }
        }

        @Override
        public boolean hits(Trace trace, TraceEvent event) {
            return event.phase() == Phase.BACKWARD && largestGradientNorm(event) > threshold;
        }

        @Override
        public String description() {
            return "gradient norm > " + Numbers.format(threshold, 4);
        }

        /** The largest L2 norm among the gradients a backward event produced (0 when it produced none). */
        public static double largestGradientNorm(TraceEvent event) {
            double largest = 0;
            for (Tensor g : event.gradients()) {
                if (g != null) {
                    largest = Math.max(largest, TensorStats.of(g).norm());
                }
            }
            return largest;
        }
    }
}
