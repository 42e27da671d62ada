package org.seqlab.model.graph;

/**
 * An input port a block declares: its name, the kind it accepts, the size it needs ({@code -1}: any),
 * the block setting that size comes from (for messages; may be null), and whether it may stay
 * unconnected.
 */
public record PortSpec(String name, PortKind kind, long dim, String setting, boolean optional) {
    /** A required port of a fixed size taken from {@code setting}. */
    public static PortSpec of(String name, PortKind kind, long dim, String setting) {
        return new PortSpec(name, kind, dim, setting, false);
    }

    /** A required port of any size. */
    public static PortSpec any(String name, PortKind kind) {
        return new PortSpec(name, kind, -1, null, false);
    }

    /** An optional port of any size. */
    public static PortSpec optionalAny(String name, PortKind kind) {
        return new PortSpec(name, kind, -1, null, true);
    }

    /** What this port expects, as users read it. */
    public String expected() {
        return dim < 0 ? kind.display() : new PortType(kind, dim).toString();
    }
}
