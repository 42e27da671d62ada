package org.seqlab.lesson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.seqlab.SeqLabException;

/** An experiment's settings: {@code key=value} pairs separated by commas, over the experiment's defaults. */
final class Variant {
    private final String experiment;
    private final Map<String, String> values;

    private Variant(String experiment, Map<String, String> values) {
        this.experiment = experiment;
        this.values = values;
    }

    /**
     * Parses {@code text} ({@code cell=gru,length=20}); {@code defaults} maps each known key to
     * "{@code default} — description".
     */
    static Variant parse(String experiment, String text, Map<String, String> defaults) {
        Map<String, String> out = new LinkedHashMap<>();
        defaults.forEach((k, v) -> out.put(k, v.split(" ", 2)[0]));
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new SeqLabException("The variant '" + text + "' of experiment " + experiment + " has '" + p
                            + "', which is not key=value. Expected settings such as " + example(defaults) + ".");
                }
                String key = p.substring(0, eq).strip();
                if (!defaults.containsKey(key)) {
                    throw new SeqLabException("Experiment " + experiment + " has no setting '" + key + "'. Its"
                            + " settings: " + describe(defaults) + ".");
                }
                out.put(key, p.substring(eq + 1).strip());
            }
        }
        return new Variant(experiment, out);
    }

    private static String example(Map<String, String> defaults) {
        return defaults.isEmpty() ? "(none: it has no settings)"
                : new TreeMap<>(defaults).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().split(" ", 2)[0])
                        .reduce((a, b) -> a + "," + b).orElse("");
    }

    private static String describe(Map<String, String> defaults) {
        return defaults.isEmpty() ? "none" : new TreeMap<>(defaults).entrySet().stream()
                .map(e -> e.getKey() + " (default " + e.getValue() + ")").reduce((a, b) -> a + "; " + b).orElse("");
    }

    String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("no setting " + key);
        }
        return v;
    }

    /** A setting that must be one of {@code allowed}. */
    String choice(String key, String... allowed) {
        String v = string(key);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new SeqLabException("Setting " + key + " of experiment " + experiment + " must be one of "
                + String.join(", ", allowed) + "; found '" + v + "'.");
    }

    int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new SeqLabException("Setting " + key + " of experiment " + experiment + " must be between " + min
                        + " and " + max + "; found " + n + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SeqLabException("Setting " + key + " of experiment " + experiment + " must be a whole number"
                    + " between " + min + " and " + max + "; found '" + v + "'.");
        }
    }

    double number(String key, double min, double max) {
        String v = string(key);
        try {
            double n = Double.parseDouble(v);
            if (!(n >= min && n <= max)) {
                throw new SeqLabException("Setting " + key + " of experiment " + experiment + " must be between " + min
                        + " and " + max + "; found " + n + ".");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SeqLabException("Setting " + key + " of experiment " + experiment + " must be a number between "
                    + min + " and " + max + "; found '" + v + "'.");
        }
    }

    /** The settings as given and defaulted, for run.json. */
    Map<String, String> values() {
        return Map.copyOf(values);
    }
}
