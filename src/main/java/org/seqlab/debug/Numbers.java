package org.seqlab.debug;

import java.util.Locale;

/** Numbers as the debugger writes them in descriptions and readings: few digits, no trailing zeros. */
final class Numbers {
    private Numbers() {
    }

    /** {@code v} to {@code digits} significant digits: 10 → "10", 0.5 → "0.5", 2.5e-8 → "2.5e-08". */
    static String format(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%." + digits + "g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
