package org.seqlab.ui.viz;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The range and tick marks of a chart axis: "nice" numbers (1, 2 or 5 times a power of ten) on a linear axis,
 * whole decades on a log axis ({@code 1e-7, 1e-6, …, 0.01, 0.1, 1, 10}), thinned to at most a given count.
 */
public final class AxisTicks {

    private AxisTicks() {
    }

    /** A tick mark: its value and its label. */
    public record Tick(double value, String label) {
    }

    /** The ends of an axis ({@code min < max}). */
    public record Range(double min, double max) {
        public Range {
            if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("An axis range needs finite ends with min < max; got [" + min
                        + ", " + max + "]");
            }
        }
    }

    /**
     * The axis range that holds {@code [lo, hi]} (the data's finite values; on a log axis its positive ones):
     * widened to whole ticks on a linear axis, to whole decades on a log axis; a single value gets some room
     * around it. With no values at all ({@code lo > hi}) the range is [0, 1] (log: [0.1, 1]).
     */
    public static Range range(double lo, double hi, AxisScale scale) {
        if (scale == AxisScale.LOG10) {
            if (!(lo <= hi) || !(lo > 0)) {
                return new Range(0.1, 1);
            }
            int a = (int) Math.floor(Math.log10(lo) + 1e-9);
            int b = (int) Math.ceil(Math.log10(hi) - 1e-9);
            if (b <= a) {
                b = a + 1;
            }
            return new Range(Math.pow(10, a), Math.pow(10, b));
        }
        if (!(lo <= hi)) {
            return new Range(0, 1);
        }
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.5;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        return new Range(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step);
    }

    /** At most {@code maxTicks} ticks (at least 2 where the range allows) inside {@code range}, ascending. */
    public static List<Tick> ticks(Range range, AxisScale scale, int maxTicks) {
        return ticks(range, scale, maxTicks, 0);
    }

    /**
     * As {@link #ticks(Range, AxisScale, int)}, with linear steps of at least {@code minStep} (1 for time
     * steps, which have no halves).
     */
    public static List<Tick> ticks(Range range, AxisScale scale, int maxTicks, double minStep) {
        int most = Math.max(2, maxTicks);
        List<Tick> out = new ArrayList<>();
        if (scale == AxisScale.LOG10) {
            int a = (int) Math.ceil(Math.log10(range.min()) - 1e-9);
            int b = (int) Math.floor(Math.log10(range.max()) + 1e-9);
            int decades = b - a;
            int stride = 1;
            while (decades / stride + 1 > most) {
                stride++;
            }
            for (int k = b; k >= a; k -= stride) {   // from the top, so that the largest decade is always labelled
                out.add(0, new Tick(Math.pow(10, k), decadeLabel(k)));
            }
            if (decades >= 1 && 3 * decades + 1 <= most) {   // room to spare: 2 and 5 within each decade too
                for (int k = a; k < b; k++) {
                    for (int m : new int[] {2, 5}) {
                        double v = m * Math.pow(10, k);
                        out.add(new Tick(v, k >= -2 && k <= 2
                                ? new BigDecimal(m).scaleByPowerOfTen(k).toPlainString() : m + "e" + k));
                    }
                }
                out.sort(java.util.Comparator.comparingDouble(Tick::value));
            }
            return out;
        }
        double span = range.max() - range.min();
        double step = niceStep(Math.max(span / (most - 1), minStep));
        while (count(range, step) > most) {
            step = niceStep(step * 1.01);
        }
        while (count(range, step) < 2 && smallerNiceStep(step) >= minStep && step > span * 1e-6) {
            step = smallerNiceStep(step);   // a range not aligned to the step: take the next smaller one
        }
        long first = (long) Math.ceil(range.min() / step - 1e-9);
        long last = (long) Math.floor(range.max() / step + 1e-9);
        for (long i = first; i <= last; i++) {
            double v = i * step;
            out.add(new Tick(v == 0 ? 0 : v, linearLabel(v, step)));
        }
        return out;
    }

    private static double count(Range range, double step) {
        return Math.floor(range.max() / step + 1e-9) - Math.ceil(range.min() / step - 1e-9) + 1;
    }

    /** The nice step just below {@code step}: 5 → 2, 2 → 1, 1 → 0.5 (times its power of ten). */
    private static double smallerNiceStep(double step) {
        double p = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double m = Math.round(step / p);
        return m >= 5 ? 2 * p : m >= 2 ? p : 0.5 * p;
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= rough * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The label of 10^k: {@code 0.01}, {@code 0.1}, {@code 1}, {@code 10}, {@code 100}, else {@code 1e-7}, {@code 1e4}. */
    public static String decadeLabel(int k) {
        if (k >= -2 && k <= 2) {
            return BigDecimal.ONE.scaleByPowerOfTen(k).toPlainString();
        }
        return "1e" + k;
    }

    /** A linear tick's label with as many decimals as its step needs: 0.25 steps give {@code 0.25, 0.5, 0.75}. */
    static String linearLabel(double v, double step) {
        double a = Math.abs(step);
        if (a >= 1e6 || a < 1e-4) {
            return ValueFormat.compact(v);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(a) - 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }
}
