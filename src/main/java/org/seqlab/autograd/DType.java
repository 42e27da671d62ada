package org.seqlab.autograd;

import org.nd4j.linalg.api.buffer.DataType;

/** Element types a {@link Tensor} can hold: two float widths for values, one integer type for indices. */
public enum DType {
    FLOAT32(DataType.FLOAT, "float32"),
    FLOAT64(DataType.DOUBLE, "float64"),
    INT64(DataType.LONG, "int64");

    private final DataType nd4j;
    private final String displayName;

    DType(DataType nd4j, String displayName) {
        this.nd4j = nd4j;
        this.displayName = displayName;
    }

    DataType nd4j() {
        return nd4j;
    }

    public boolean isFloating() {
        return this != INT64;
    }

    /** The name users see and type: {@code float32}, {@code float64}, {@code int64}. */
    public String displayName() {
        return displayName;
    }

    /** Parses {@code float32} / {@code float64} / {@code int64} (also {@code f32}, {@code f64}). */
    public static DType parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "float32": case "f32": case "float": return FLOAT32;
            case "float64": case "f64": case "double": return FLOAT64;
            case "int64": case "i64": case "long": return INT64;
            default:
                throw new org.seqlab.SeqLabException("Unknown dtype '" + text
                        + "': expected float32, float64 or int64.");
        }
    }

    static DType of(DataType dataType) {
        for (DType d : values()) {
            if (d.nd4j == dataType) {
                return d;
            }
        }
        throw new org.seqlab.SeqLabException("Unsupported ND4J data type " + dataType
                + ": SeqLab tensors hold float32, float64 or int64.");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
