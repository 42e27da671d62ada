package org.seqlab.ui.viz;

import java.math.BigDecimal;
import java.util.Locale;

/** How widgets write numbers: the exact value (hover, CSV) and a short one (colour-bar labels). */
public final class ValueFormat {

    private ValueFormat() {
    }

    /**
     * The shortest decimal that reads back as exactly {@code value} ({@code Double.parseDouble} gives the
     * same double), without an exponent for everyday magnitudes: {@code 0.1}, {@code -2.5}, {@code 3},
     * {@code 0.00012}, {@code 1.0E-7}, {@code NaN}, {@code Infinity}.
     */
    public static String exact(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        if (s.contains("E")) {
            int e = Integer.parseInt(s.substring(s.indexOf('E') + 1));
            if (e >= -4 && e < 15) {
                return new BigDecimal(s).toPlainString();
            }
        }
        return s;
    }

    /** About three significant digits, for labels: {@code 0.873}, {@code -12.5}, {@code 1.2e-5}, {@code 0}. */
    public static String compact(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        double a = Math.abs(value);
        if (a >= 1e4 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2g", value).replace("e+0", "e").replace("e+", "e")
                    .replace("e-0", "e-");
        }
        String s = String.format(Locale.ROOT, "%.3g", value);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
