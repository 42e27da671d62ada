package org.seqlab.model.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A block's settings as read from JSON (numbers, strings, booleans), with typed getters whose errors
 * name the block, the key, what was expected and what was found.
 */
public final class BlockConfig {
    private final String blockId;
    private final String kind;
    private final Map<String, Object> values;

    public BlockConfig(String blockId, String kind, Map<String, Object> values) {
        this.blockId = blockId;
        this.kind = kind;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> values() {
        return values;
    }

    public String blockId() {
        return blockId;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A required positive integer. */
    public long positive(String key) {
        long v = integer(key);
        if (v <= 0) {
            throw error(key, "a whole number > 0", String.valueOf(v));
        }
        return v;
    }

    /** An optional positive integer. */
    public long positive(String key, long fallback) {
        return has(key) ? positive(key) : fallback;
    }

    /** A required integer (may be negative). */
    public long integer(String key) {
        Object o = require(key, "a whole number");
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw error(key, "a whole number", describe(o));
    }

    public long integer(String key, long fallback) {
        return has(key) ? integer(key) : fallback;
    }

    /** A number in [lo, hi]. */
    public double number(String key, double fallback, double lo, double hi) {
        if (!has(key)) {
            return fallback;
        }
        Object o = values.get(key);
        if (!(o instanceof Number n) || !(n.doubleValue() >= lo && n.doubleValue() <= hi)) {
            throw error(key, "a number in [" + lo + ", " + hi + "]", describe(o));
        }
        return n.doubleValue();
    }

    public boolean flag(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object o = values.get(key);
        if (!(o instanceof Boolean b)) {
            throw error(key, "true or false", describe(o));
        }
        return b;
    }

    /** One of the allowed words (case-insensitive), returned in lower case. */
    public String choice(String key, String fallback, List<String> allowed) {
        if (!has(key)) {
            if (fallback == null) {
                require(key, "one of " + allowed);
            }
            return fallback;
        }
        Object o = values.get(key);
        if (o instanceof String s && allowed.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s.toLowerCase(java.util.Locale.ROOT);
        }
        throw error(key, "one of " + allowed, describe(o));
    }

    public String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object o = values.get(key);
        if (!(o instanceof String s)) {
            throw error(key, "a string", describe(o));
        }
        return s;
    }

    /** Refuses keys this block kind does not know (a typo would otherwise be silently ignored). */
    public void allowOnly(Set<String> known) {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new GraphException("Block '" + blockId + "' (" + kind + "): unknown setting '" + k
                        + "'. Known settings: " + new java.util.TreeSet<>(known) + ".");
            }
        }
    }

    private Object require(String key, String expected) {
        Object o = values.get(key);
        if (o == null) {
            throw new GraphException("Block '" + blockId + "' (" + kind + "): missing setting '" + key + "' ("
                    + expected + "). Add \"" + key + "\": ... to its \"config\".");
        }
        return o;
    }

    private GraphException error(String key, String expected, String found) {
        return new GraphException("Block '" + blockId + "' (" + kind + "): setting '" + key + "' must be " + expected
                + "; found " + found + ".");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockConfig c && c.blockId.equals(blockId) && c.kind.equals(kind) && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(blockId, kind, values);
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static String describe(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }
}
