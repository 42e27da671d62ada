package org.seqlab.debug;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;

/**
 * The numbers of the gradient-flow panel, computed once from a {@link Recording} (the parameters'
 * gradients are read when {@link #of} runs; a later pass on the same model replaces them, so take the
 * gradient flow right after recording).
 *
 * <h2>dL/dh_t per time step</h2>
 * For every recurrent layer and direction, the L2 norm (over the whole batch) of dL/dh_t, the gradient of
 * the loss with respect to the hidden state the cell produced at step t. The rule, on the trace:
 * <ol>
 *   <li>a forward event belongs to a recurrent hidden state when its label's last part is {@code hidden}
 *       and the label has a time-step part {@code t<digits>} (the deepest one gives t);</li>
 *   <li>its series is the label without the time-step part and without {@code /hidden}:
 *       {@code rnn/l0/t3/hidden} is step 3 of {@code rnn/l0}, {@code rnn/l0_reverse/t3/hidden} step 3 of
 *       {@code rnn/l0_reverse}, {@code decoder/t2/cell/hidden} step 2 of {@code decoder/cell};</li>
 *   <li>several ops can share the {@code hidden} label (the LSTM's {@code tanh(c)} then {@code o * tanh(c)});
 *       the last of them in the step produces h_t;</li>
 *   <li>the backward event of that op (the one with the same output id) carries as its value the gradient
 *       flowing into the op, dL/dh_t, summed over every use of h_t (the output, the next step, the final
 *       state); its norm is the step's norm. Where no backward event exists no gradient reached h_t, and the
 *       norm is 0.</li>
 * </ol>
 *
 * <h2>The reading</h2>
 * For each series, in the order the recurrence ran (the reverse direction starts at the last position):
 * {@code ratio = |dL/dh| at the first step it ran / |dL/dh| at the last step that received a non-zero
 * gradient} (a language model's last position has no next token to predict, so its gradient is 0 by
 * design). Then
 * <ul>
 *   <li>{@code ratio < }{@value #VANISHING_BELOW}: <b>vanishing</b> — less than 1% of the signal reaches
 *       the start of the sequence;</li>
 *   <li>{@code ratio > }{@value #EXPLODING_ABOVE}: <b>exploding</b> — it grows a hundredfold on its way back;</li>
 *   <li>otherwise <b>healthy</b>;</li>
 *   <li>a NaN or infinite norm anywhere: <b>non-finite</b>; all norms zero: <b>no gradient</b>; no hidden
 *       state over two or more steps: <b>no recurrence</b>.</li>
 * </ul>
 * With several series the reading names the one furthest from healthy (a non-finite one first, else the
 * largest {@code |log10 ratio|}): {@code rnn/l0: gradient at t=0 is 2.3e-08 of t=39: vanishing}.
 *
 * <h2>Parameters and clipping</h2>
 * Per parameter, the L2 norm of its gradient (a tied weight once, under its first name; a parameter no
 * gradient reached has norm 0). {@link #clip} computes clipping by global norm exactly as PyTorch's
 * {@code clip_grad_norm_}, without touching any tensor.
 */
public final class GradientFlow {
    /** Below this ratio of first to last step the reading is "vanishing". */
    public static final double VANISHING_BELOW = 1e-2;
    /** Above this ratio of first to last step the reading is "exploding". */
    public static final double EXPLODING_ABOVE = 1e2;
    /** PyTorch's {@code clip_grad_norm_} divides by {@code total_norm + 1e-6}. */
    public static final double CLIP_EPSILON = 1e-6;


    /**
     * One time step of a series.
     *
     * @param t the time step (its position in the input)
     * @param norm the L2 norm of dL/dh_t
     * @param forwardIndex the trace index of the forward event that produced h_t
     * @param backwardIndex the trace index of its backward event, or -1 when no gradient reached h_t
     */
    public record Step(int t, double norm, int forwardIndex, int backwardIndex) {
    }

    /**
     * The dL/dh_t norms of one recurrent layer and direction.
     *
     * @param name {@code rnn/l0}, {@code rnn/l0_reverse}, …
     * @param steps by time step, t ascending
     */
    public record Series(String name, List<Step> steps) {
        public Series {
            steps = List.copyOf(steps);
        }

        /** The steps in the order the recurrence ran them (the reverse direction from the last position down). */
        public List<Step> inRunOrder() {
            List<Step> r = new ArrayList<>(steps);
            r.sort(Comparator.comparingInt(Step::forwardIndex));
            return r;
        }

        /** The norm at time step {@code t}. */
        public double norm(int t) {
            for (Step s : steps) {
                if (s.t() == t) {
                    return s.norm();
                }
            }
            throw new SeqLabException("Series " + name + " has no time step " + t + "; its steps are "
                    + steps.stream().map(Step::t).toList() + ".");
        }
    }

    /**
     * @param name the state_dict name
     * @param norm the L2 norm of its gradient (0 without one)
     * @param hasGradient whether the backward pass reached it
     */
    public record ParameterNorm(String name, double norm, boolean hasGradient) {
    }

    /** What the reading says. */
    public enum Verdict { VANISHING, EXPLODING, HEALTHY, NON_FINITE, NO_GRADIENT, NO_RECURRENCE }

    /**
     * The one-line reading.
     *
     * @param verdict the verdict
     * @param series the series it is about, or null for {@link Verdict#NO_RECURRENCE}
     * @param firstT the first step the recurrence ran (-1 when not applicable)
     * @param lastT the last step that received a gradient (or, non-finite, the step holding NaN/Inf; -1 when
     *     not applicable)
     * @param ratio {@code |dL/dh_firstT| / |dL/dh_lastT|} (NaN when not applicable)
     * @param text the sentence for the panel
     */
    public record Reading(Verdict verdict, String series, int firstT, int lastT, double ratio, String text) {
    }

    /**
     * One parameter under clipping.
     *
     * @param name the state_dict name
     * @param pre its gradient norm before clipping
     * @param post after clipping ({@code pre * scale})
     */
    public record ClippedNorm(String name, double pre, double post) {
    }

    /**
     * Clipping by global norm.
     *
     * @param maxNorm the threshold
     * @param preNorm the global norm before: {@code sqrt(sum of squared parameter norms)}
     * @param postNorm after: {@code preNorm * scale}
     * @param scale {@code min(1, maxNorm / (preNorm + 1e-6))}, the factor every gradient is multiplied by
     * @param parameters every parameter's norm before and after
     */
    public record Clipping(double maxNorm, double preNorm, double postNorm, double scale,
                           List<ClippedNorm> parameters) {
        public Clipping {
            parameters = List.copyOf(parameters);
        }

        /** Whether clipping changes the gradients (the global norm is above the threshold). */
        public boolean clipped() {
            return scale < 1;
        }
    }

    private final List<Series> series;
    private final List<ParameterNorm> parameters;
    private final double globalNorm;
    private final Reading reading;

    private GradientFlow(List<Series> series, List<ParameterNorm> parameters) {
        this.series = List.copyOf(series);
        this.parameters = List.copyOf(parameters);
        double sumSq = 0;
        for (ParameterNorm p : parameters) {
            sumSq += p.norm() * p.norm();
        }
        this.globalNorm = Math.sqrt(sumSq);
        this.reading = read(series);
    }

    /** The gradient flow of one recorded pass. */
    public static GradientFlow of(Recording recording) {
        return new GradientFlow(hiddenSeries(recording), parameterNorms(recording.parameters()));
    }

    /** Every recurrent layer and direction, in the order their first step ran. */
    public List<Series> series() {
        return series;
    }

    /** The series of that name ({@code rnn/l0}). */
    public Optional<Series> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Per parameter, in state_dict order (a tied weight once). */
    public List<ParameterNorm> parameters() {
        return parameters;
    }

    /** The norm of all parameter gradients together: {@code sqrt(sum of squared parameter norms)}. */
    public double globalNorm() {
        return globalNorm;
    }

    public Reading reading() {
        return reading;
    }

    /**
     * Clipping by global norm with threshold {@code maxNorm}, as PyTorch's {@code clip_grad_norm_}: every
     * gradient would be multiplied by {@code min(1, maxNorm / (globalNorm + 1e-6))}. Only computes; the
     * recorded gradients are not changed.
     */
    public Clipping clip(double maxNorm) {
        if (!Double.isFinite(maxNorm) || maxNorm <= 0) {
            throw new SeqLabException("A clipping threshold must be a finite norm > 0; found " + maxNorm
                    + ". Try 1 or 5.");
        }
        double scale = Math.min(1.0, maxNorm / (globalNorm + CLIP_EPSILON));
        List<ClippedNorm> clipped = new ArrayList<>();
        for (ParameterNorm p : parameters) {
            clipped.add(new ClippedNorm(p.name(), p.norm(), p.norm() * scale));
        }
        return new Clipping(maxNorm, globalNorm, globalNorm * scale, scale, clipped);
    }

    // ---- the reading ----------------------------------------------------------------------------

    /** The reading over several series, by the rules in the class documentation. */
    public static Reading read(List<Series> series) {
        Reading best = null;
        for (Series s : series) {
            Reading r = read(s);
            if (r.verdict() == Verdict.NO_RECURRENCE) {
                continue;
            }
            if (best == null || severity(r) > severity(best)) {
                best = r;
            }
        }
        if (best != null) {
            return best;
        }
        return new Reading(Verdict.NO_RECURRENCE, null, -1, -1, Double.NaN,
                "no recurrent hidden state over two or more time steps: nothing flows back through time");
    }

    /** The reading of one series. */
    public static Reading read(Series s) {
        List<Step> run = s.inRunOrder();
        if (run.size() < 2) {
            return new Reading(Verdict.NO_RECURRENCE, s.name(), -1, -1, Double.NaN, s.name()
                    + ": fewer than two time steps: nothing flows back through time");
        }
        for (int i = run.size() - 1; i >= 0; i--) {
            Step step = run.get(i);
            if (!Double.isFinite(step.norm())) {
                return new Reading(Verdict.NON_FINITE, s.name(), run.get(0).t(), step.t(), Double.NaN, s.name()
                        + ": dL/dh at t=" + step.t() + " holds NaN or Inf: non-finite");
            }
        }
        Step first = run.get(0);
        Step last = null;
        for (int i = run.size() - 1; i >= 0 && last == null; i--) {
            if (run.get(i).norm() > 0) {
                last = run.get(i);
            }
        }
        if (last == null) {
            return new Reading(Verdict.NO_GRADIENT, s.name(), first.t(), -1, Double.NaN, s.name()
                    + ": no gradient reached the hidden states (was the pass recorded with a loss?)");
        }
        double ratio = first.norm() / last.norm();
        Verdict v = ratio < VANISHING_BELOW ? Verdict.VANISHING
                : ratio > EXPLODING_ABOVE ? Verdict.EXPLODING : Verdict.HEALTHY;
        String text = s.name() + ": gradient at t=" + first.t() + " is " + Numbers.format(ratio, 2) + " of t="
                + last.t() + ": " + v.name().toLowerCase(java.util.Locale.ROOT);
        return new Reading(v, s.name(), first.t(), last.t(), ratio, text);
    }

    /** How far a reading is from healthy: non-finite first, then |log10 ratio|, no gradient last. */
    private static double severity(Reading r) {
        return switch (r.verdict()) {
            case NON_FINITE -> Double.POSITIVE_INFINITY;
            case VANISHING, EXPLODING, HEALTHY -> r.ratio() == 0 ? Double.MAX_VALUE : Math.abs(Math.log10(r.ratio()));
            case NO_GRADIENT -> -1;
            case NO_RECURRENCE -> -2;
        };
    }

    // ---- extraction -----------------------------------------------------------------------------

    private static List<Series> hiddenSeries(Recording recording) {
        // (series, t) -> the last forward event labelled .../t{t}/.../hidden
        Map<String, Map<Integer, TraceEvent>> producers = new LinkedHashMap<>();
        Map<Long, TraceEvent> backwardByOutput = new HashMap<>();
        for (TraceEvent e : recording.trace().events()) {
            if (e.phase() == Phase.BACKWARD) {
                backwardByOutput.putIfAbsent(e.outputId(), e);
                continue;
            }
            Optional<StepLabel> step = StepLabel.parse(e.label());
            if (step.isEmpty() || !step.get().leaf().equals("hidden")) {
                continue;
            }
            producers.computeIfAbsent(step.get().series(), k -> new HashMap<>()).put(step.get().t(), e);
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, TraceEvent>> s : producers.entrySet()) {
            List<Step> steps = new ArrayList<>();
            s.getValue().forEach((t, forward) -> {
                TraceEvent backward = backwardByOutput.get(forward.outputId());
                steps.add(backward == null ? new Step(t, 0, forward.index(), -1)
                        : new Step(t, l2(backward.value()), forward.index(), backward.index()));
            });
            steps.sort(Comparator.comparingInt(Step::t));
            out.add(new Series(s.getKey(), steps));
        }
        return out;
    }

    private static List<ParameterNorm> parameterNorms(Map<String, Tensor> parameters) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ParameterNorm> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
            if (!seen.add(p.getValue())) {
                continue;
            }
            Tensor g = p.getValue().grad();
            out.add(new ParameterNorm(p.getKey(), g == null ? 0 : l2(g), g != null));
        }
        return out;
    }

    /** {@code sqrt(sum x^2)} over every value; NaN and infinities carry through. */
    static double l2(Tensor t) {
        return Math.sqrt(t.sumOfSquares());
    }
}
