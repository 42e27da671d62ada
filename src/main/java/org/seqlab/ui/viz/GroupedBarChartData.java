package org.seqlab.ui.viz;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link GroupedBarChart} shows: one row per category (a parameter), in it one horizontal bar per
 * series (its gradient norm before and after clipping), on a linear or log10 value axis. The first
 * {@code headerRows} rows are a summary (the global norm) set apart by a line. Immutable.
 *
 * @param categories the row names, top to bottom
 * @param series     one or more, each with a value per category, drawn top to bottom inside a row
 * @param headerRows how many of the first rows are a summary, drawn in bold above a separating line
 */
public record GroupedBarChartData(List<String> categories, List<Bars> series, String valueTitle,
                                  AxisScale scale, int headerRows) {

    /** One series of bars: a value per category (NaN: no bar; on a log axis also 0 or below: a floor marker). */
    public record Bars(String name, double[] values) {
        public Bars {
            Objects.requireNonNull(name, "name");
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        public double value(int category) {
            return values[category];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bars b && name.equals(b.name) && Arrays.equals(values, b.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return "Bars[" + name + ", " + values.length + " values]";
        }
    }

    public GroupedBarChartData {
        categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
        series = List.copyOf(Objects.requireNonNull(series, "series"));
        if (categories.isEmpty() || series.isEmpty()) {
            throw new IllegalArgumentException("A bar chart needs at least one category and one series; got "
                    + categories.size() + " categories and " + series.size() + " series");
        }
        for (Bars b : series) {
            if (b.values.length != categories.size()) {
                throw new IllegalArgumentException("Bars \"" + b.name() + "\" need one value per category ("
                        + categories.size() + "); got " + b.values.length);
            }
        }
        if (headerRows < 0 || headerRows > categories.size()) {
            throw new IllegalArgumentException("headerRows must be between 0 and the " + categories.size()
                    + " categories; got " + headerRows);
        }
        valueTitle = valueTitle == null ? "" : valueTitle;
        scale = Objects.requireNonNull(scale, "scale");
    }

    /** A linear chart without a title or summary rows. */
    public static GroupedBarChartData of(List<String> categories, Bars... series) {
        return new GroupedBarChartData(categories, List.of(series), "", AxisScale.LINEAR, 0);
    }

    public GroupedBarChartData withValueTitle(String title) {
        return new GroupedBarChartData(categories, series, title, scale, headerRows);
    }

    public GroupedBarChartData withScale(AxisScale value) {
        return new GroupedBarChartData(categories, series, valueTitle, value, headerRows);
    }

    public GroupedBarChartData withHeaderRows(int rows) {
        return new GroupedBarChartData(categories, series, valueTitle, scale, rows);
    }

    /** Whether {@code v} has a bar (finite, and on a log axis positive). */
    public boolean drawable(double v) {
        return Double.isFinite(v) && (scale == AxisScale.LINEAR || v > 0);
    }

    /** Whether some finite value has no bar on the log axis (0 or below): the chart then explains its floor markers. */
    public boolean hasFloorValues() {
        if (scale != AxisScale.LOG10) {
            return false;
        }
        for (Bars b : series) {
            for (double v : b.values) {
                if (Double.isFinite(v) && v <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value axis range over every drawable value and {@code extra} (a threshold; NaN for none); linear includes 0. */
    public AxisTicks.Range valueRange(double extra) {
        double lo = scale == AxisScale.LINEAR ? 0 : Double.POSITIVE_INFINITY;
        double hi = scale == AxisScale.LINEAR ? 0 : Double.NEGATIVE_INFINITY;
        for (Bars b : series) {
            for (double v : b.values) {
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
        return AxisTicks.range(lo, hi, scale);
    }
}
