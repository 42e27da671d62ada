package org.seqlab.autograd.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.TapeOptions;
import org.seqlab.autograd.Tensor;

/**
 * Checks analytic gradients against float64 central differences.
 *
 * <p>The output is reduced to a scalar {@code L = <f(x), R>} with a fixed random {@code R}, so every
 * output entry is exercised. For each input that requires a gradient: small tensors are checked entry
 * by entry ({@code dL/dx_j ≈ (L(x + h e_j) - L(x - h e_j)) / 2h}, error = the norm-wise relative error
 * of the whole gradient); larger ones along random directions {@code v} ({@code <dL/dx, v>} against
 * {@code (L(x + h v) - L(x - h v)) / 2h}). Used by the tests, {@code seqlab gradcheck}, and the app's
 * "check gradient" button. Runs on the calling thread, which must not have a tape open.
 */
public final class GradCheck {

    /** How a check runs. */
    public record Options(double step, double tolerance, int perEntryLimit, int directions, long seed) {
        public Options {
            if (!(step > 0) || !(tolerance > 0) || perEntryLimit < 0 || directions < 1) {
                throw new IllegalArgumentException("GradCheck options need step > 0, tolerance > 0, "
                        + "perEntryLimit >= 0, directions >= 1");
            }
        }

        /** h = 1e-5, relative error below 1e-6, entry by entry up to 64 values, else 3 random directions. */
        public static Options defaults() {
            return new Options(1e-5, 1e-6, 64, 3, 20240601L);
        }

        public Options withTolerance(double t) {
            return new Options(step, t, perEntryLimit, directions, seed);
        }

        public Options withPerEntryLimit(int limit) {
            return new Options(step, tolerance, limit, directions, seed);
        }
    }

    /** How one input was checked. */
    public enum Mode { PER_ENTRY, PROJECTION }

    /**
     * The check of one input.
     *
     * @param analytic per entry: the analytic gradient; projection: {@code <grad, v>} per direction
     * @param numeric the central-difference counterparts, same layout
     */
    public record InputResult(int index, String label, String shape, Mode mode, double relError,
                              double[] analytic, double[] numeric) {

        /** Analytic and numeric values side by side, at most {@code max} rows, worst first. */
        public String sideBySide(int max) {
            Integer[] order = new Integer[analytic.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(
                    Math.abs(analytic[b] - numeric[b]), Math.abs(analytic[a] - numeric[a])));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "    %-6s %22s %22s %12s%n",
                    mode == Mode.PER_ENTRY ? "entry" : "dir", "analytic", "numeric", "abs diff"));
            for (int k = 0; k < Math.min(max, order.length); k++) {
                int i = order[k];
                sb.append(String.format(Locale.ROOT, "    %-6d %22.15e %22.15e %12.3e%n", i, analytic[i], numeric[i],
                        Math.abs(analytic[i] - numeric[i])));
            }
            return sb.toString();
        }
    }

    /** The check of all inputs of one function. */
    public record Result(String name, List<InputResult> inputs, double tolerance) {
        public Result {
            inputs = List.copyOf(inputs);
        }

        /** The largest relative error over all checked inputs (0 when none needed checking). */
        public double maxRelError() {
            double m = 0;
            for (InputResult r : inputs) {
                m = Math.max(m, Double.isNaN(r.relError()) ? Double.POSITIVE_INFINITY : r.relError());
            }
            return m;
        }

        public boolean passed() {
            return maxRelError() < tolerance;
        }

        /** A failure report: each failing input with analytic and numeric values side by side. */
        public String report() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: max relative error %.3e (tolerance %.1e)%n",
                    name, maxRelError(), tolerance));
            for (InputResult r : inputs) {
                sb.append(String.format(Locale.ROOT, "  input %d %s %s, %s: relative error %.3e%n", r.index(),
                        r.label().isEmpty() ? "" : "'" + r.label() + "'", r.shape(), r.mode(), r.relError()));
                if (!(r.relError() < tolerance)) {
                    sb.append(r.sideBySide(8));
                }
            }
            return sb.toString();
        }
    }

    private GradCheck() {
    }

    /** Checks {@code f} at {@code inputs} with the default options. */
    public static Result check(String name, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(name, f, inputs, Options.defaults());
    }

    /** Checks {@code f} at {@code inputs}: every input that requires a gradient, in float64. */
    public static Result check(String name, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
        if (Tape.isOpen()) {
            throw new SeqLabException("GradCheck opens its own tape, but one is already open on this thread: "
                    + "run the check outside the recording (e.g. on a background task).");
        }
        List<Tensor> base = new ArrayList<>(inputs.size());
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            if (in.dtype().isFloating()) {
                Tensor t = in.to(DType.FLOAT64).named(in.label());
                if (in.requiresGrad()) {
                    checked.add(i);
                }
                base.add(t);
            } else {
                base.add(in);
            }
        }

        // Analytic: one tape, backward from the output with the upstream gradient R.
        List<Tensor> leaves = new ArrayList<>(base.size());
        for (int i = 0; i < base.size(); i++) {
            Tensor t = base.get(i);
            leaves.add(checked.contains(i) ? t.copy().named(t.label()).requiresGrad(true) : t);
        }
        double[] r;
        Tensor out;
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            out = f.apply(leaves);
            r = randomNormal(new SplittableRandom(options.seed()), (int) out.numel());
            if (out.requiresGrad()) {
                tape.backward(out, Tensor.of(r, out.shape().toArray()));
            }
        }

        SplittableRandom dirRng = new SplittableRandom(options.seed() ^ 0x9E3779B97F4A7C15L);
        List<InputResult> results = new ArrayList<>();
        for (int i : checked) {
            Tensor leaf = leaves.get(i);
            int n = (int) leaf.numel();
            double[] x0 = base.get(i).toDoubleArray();
            double[] grad = leaf.grad() == null ? new double[n] : leaf.grad().toDoubleArray();
            long[] shape = leaf.shape().toArray();
            if (n <= options.perEntryLimit()) {
                double[] numeric = new double[n];
                for (int j = 0; j < n; j++) {
                    double[] plus = x0.clone();
                    double[] minus = x0.clone();
                    plus[j] += options.step();
                    minus[j] -= options.step();
                    numeric[j] = (evaluate(f, base, i, plus, shape, r) - evaluate(f, base, i, minus, shape, r))
                            / (2 * options.step());
                }
                double diff = norm(minus(grad, numeric));
                double scale = Math.max(Math.max(norm(grad), norm(numeric)), 1e-6);
                results.add(new InputResult(i, leaf.label(), leaf.shape().toString(), Mode.PER_ENTRY, diff / scale,
                        grad, numeric));
            } else {
                double[] analytic = new double[options.directions()];
                double[] numeric = new double[options.directions()];
                double worst = 0;
                double floor = Math.max(1e-2 * norm(grad), 1e-8);
                for (int d = 0; d < options.directions(); d++) {
                    double[] v = randomNormal(dirRng, n);
                    double[] plus = x0.clone();
                    double[] minus = x0.clone();
                    for (int j = 0; j < n; j++) {
                        plus[j] += options.step() * v[j];
                        minus[j] -= options.step() * v[j];
                        analytic[d] += grad[j] * v[j];
                    }
                    numeric[d] = (evaluate(f, base, i, plus, shape, r) - evaluate(f, base, i, minus, shape, r))
                            / (2 * options.step());
                    double err = Math.abs(analytic[d] - numeric[d])
                            / Math.max(Math.max(Math.abs(analytic[d]), Math.abs(numeric[d])), floor);
                    worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
                }
                results.add(new InputResult(i, leaf.label(), leaf.shape().toString(), Mode.PROJECTION, worst,
                        analytic, numeric));
            }
        }
        return new Result(name, results, options.tolerance());
    }

    private static double evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> base, int which, double[] values,
                                   long[] shape, double[] r) {
        List<Tensor> args = new ArrayList<>(base);
        args.set(which, Tensor.of(values, shape).named(base.get(which).label()));
        double[] y = f.apply(args).toDoubleArray();
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += y[k] * r[k];
        }
        return s;
    }

    private static double[] randomNormal(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
        }
        return v;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
