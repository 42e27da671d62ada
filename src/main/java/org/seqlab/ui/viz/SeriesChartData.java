package org.seqlab.ui.viz;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SeriesChart} shows: named series of (x, y) points over a shared x axis, the axis titles, the
 * y axis's {@link AxisScale}, and optionally a label per whole x value (the input token at each time step).
 * Immutable; {@code withX} returns a changed copy.
 *
 * <pre>{@code
 * SeriesChartData.of(new SeriesChartData.Series("rnn/l0", steps, norms))
 *         .withTitles("Time step t", "|dL/dh_t|")
 *         .withYScale(AxisScale.LOG10)
 *         .withXLabels(tokens);
 * }</pre>
 *
 * @param series  one or more, drawn in this order (the first in the first palette colour)
 * @param xLabels empty, or one label for each whole x from 0 (tokens): tick {@code 3} reads {@code 3} with
 *                {@code xLabels.get(3)} under it
 */
public record SeriesChartData(List<Series> series, String xTitle, String yTitle, AxisScale yScale,
                              List<String> xLabels) {

    /**
     * One named line.
     *
     * @param x finite and ascending (equal neighbours allowed)
     * @param y one per x; NaN and ±∞ leave a gap, and on a log axis so do values of 0 or below (drawn as a
     *          marker on the floor)
     */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            if (x.length != y.length) {
                throw new IllegalArgumentException("Series \"" + name + "\" needs one y per x; got " + x.length
                        + " x and " + y.length + " y values");
            }
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i])) {
                    throw new IllegalArgumentException("Series \"" + name + "\" has x[" + i + "] = " + x[i]
                            + "; x values must be finite");
                }
                if (i > 0 && x[i] < x[i - 1]) {
                    throw new IllegalArgumentException("Series \"" + name + "\" needs ascending x; x[" + (i - 1)
                            + "] = " + x[i - 1] + " > x[" + i + "] = " + x[i] + ". Sort the points by x");
                }
            }
            x = x.clone();
            y = y.clone();
        }

        /** Points at x = 0, 1, 2, … */
        public static Series indexed(String name, double[] y) {
            double[] x = new double[y.length];
            Arrays.setAll(x, i -> i);
            return new Series(name, x, y);
        }

        public int size() {
            return x.length;
        }

        public double x(int i) {
            return x[i];
        }

        public double y(int i) {
            return y[i];
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }

        /** The index of the point whose x is nearest {@code value}, or -1 for an empty series. */
        public int nearest(double value) {
            if (x.length == 0) {
                return -1;
            }
            int i = Arrays.binarySearch(x, value);
            if (i >= 0) {
                return i;
            }
            int ins = -i - 1;
            if (ins == 0) {
                return 0;
            }
            if (ins == x.length) {
                return x.length - 1;
            }
            return value - x[ins - 1] <= x[ins] - value ? ins - 1 : ins;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && name.equals(s.name) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
        }

        @Override
        public String toString() {
            return "Series[" + name + ", " + x.length + " points]";
        }
    }

    public SeriesChartData {
        series = List.copyOf(Objects.requireNonNull(series, "series"));
        if (series.isEmpty()) {
            throw new IllegalArgumentException("A series chart needs at least one series; got none");
        }
        xTitle = xTitle == null ? "" : xTitle;
        yTitle = yTitle == null ? "" : yTitle;
        yScale = Objects.requireNonNull(yScale, "yScale");
        xLabels = xLabels == null ? List.of() : List.copyOf(xLabels);
    }

    /** A linear chart of {@code series}, without titles. */
    public static SeriesChartData of(Series... series) {
        return new SeriesChartData(List.of(series), "", "", AxisScale.LINEAR, List.of());
    }

    public SeriesChartData withTitles(String xTitle, String yTitle) {
        return new SeriesChartData(series, xTitle, yTitle, yScale, xLabels);
    }

    public SeriesChartData withYScale(AxisScale scale) {
        return new SeriesChartData(series, xTitle, yTitle, scale, xLabels);
    }

    public SeriesChartData withXLabels(List<String> labels) {
        return new SeriesChartData(series, xTitle, yTitle, yScale, labels);
    }

    /** The label under whole x value {@code x}, or {@code null} when there is none. */
    public String xLabel(double x) {
        if (x != Math.rint(x) || x < 0 || x >= xLabels.size()) {
            return null;
        }
        return xLabels.get((int) x);
    }

    /** Whether {@code y} has a position on the y axis (finite, and on a log axis positive). */
    public boolean drawable(double y) {
        return Double.isFinite(y) && (yScale == AxisScale.LINEAR || y > 0);
    }

    /** Whether some finite y has no position on the log axis (0 or below): the chart then explains its floor markers. */
    public boolean hasFloorPoints() {
        if (yScale != AxisScale.LOG10) {
            return false;
        }
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.y(i)) && s.y(i) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The x axis range: the smallest to the largest x (a single x gets ±0.5; no points: [0, 1]). */
    public AxisTicks.Range xRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            if (s.size() > 0) {
                lo = Math.min(lo, s.x(0));
                hi = Math.max(hi, s.x(s.size() - 1));
            }
        }
        if (lo > hi) {
            return new AxisTicks.Range(0, 1);
        }
        return lo == hi ? new AxisTicks.Range(lo - 0.5, hi + 0.5) : new AxisTicks.Range(lo, hi);
    }

    /** The y axis range over every drawable y, plus {@code extra} where it is drawable (a threshold; NaN for none). */
    public AxisTicks.Range yRange(double extra) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                double v = s.y(i);
                if (drawable(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (drawable(extra)) {
            lo = Math.min(lo, extra);
            hi = Math.max(hi, extra);
        }
        return AxisTicks.range(lo, hi, yScale);
    }
}
