package org.seqlab.ui.fx;

import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;

/** Helpers for editable spinners of whole numbers. */
public final class Spinners {

    private Spinners() {
    }

    /**
     * Makes {@code spinner}'s typed text forgiving: digit groups may be written {@code 2,000}, {@code 2_000} or
     * {@code 2 000}; text that is not a whole number leaves the value as it was and the field shows it again
     * (JavaFX's own converter throws on it, on the FX thread), and the value factory keeps it within its bounds.
     * Returns {@code spinner}.
     */
    public static Spinner<Integer> forgivingIntegers(Spinner<Integer> spinner) {
        SpinnerValueFactory<Integer> values = spinner.getValueFactory();
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : Integer.toString(v);
            }

            @Override
            public Integer fromString(String text) {
                Integer v = parse(text, values.getValue());
                if (v != null && v.equals(values.getValue())) {
                    spinner.getEditor().setText(toString(v));   // the field shows the value kept, not the typing
                }
                return v;
            }
        });
        return spinner;
    }

    /** The whole number {@code text} gives (digit groups allowed), else {@code fallback}; clamped to int. */
    static Integer parse(String text, Integer fallback) {
        if (text == null) {
            return fallback;
        }
        String digits = text.strip().replace(",", "").replace("_", "").replace(" ", "").replace("\u00a0", "");
        if (!digits.matches("[+-]?\\d{1,18}")) {
            return fallback;
        }
        long v = Long.parseLong(digits);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
