package org.seqlab.io.safetensors;

import java.util.Optional;
import java.util.Set;
import org.seqlab.autograd.DType;

/**
 * The element types a safetensors file can declare and SeqLab can read, in the reference
 * implementation's order of increasing alignment (the writer sorts by it, descending).
 *
 * <p>Floats load as {@link DType#FLOAT32} (F16, BF16 and the 8-bit floats convert exactly) or
 * {@link DType#FLOAT64}; integers and booleans load as {@link DType#INT64}. The raw bytes of any
 * tensor are available through {@link SafetensorsReader#rawBytes(String)}.
 */
public enum SafetensorsDType {
    BOOL(1, DType.INT64),
    U8(1, DType.INT64),
    I8(1, DType.INT64),
    /** 8-bit float, 5 exponent and 2 mantissa bits (the upper byte of an F16). */
    F8_E5M2(1, DType.FLOAT32),
    /** 8-bit float, 4 exponent and 3 mantissa bits, finite only ({@code float8_e4m3fn}). */
    F8_E4M3(1, DType.FLOAT32),
    I16(2, DType.INT64),
    U16(2, DType.INT64),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    I32(4, DType.INT64),
    U32(4, DType.INT64),
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT64),
    I64(8, DType.INT64),
    /** Loads as INT64 when every value is below 2^63; otherwise read it through {@code rawBytes}. */
    U64(8, DType.INT64);

    /**
     * Dtypes the safetensors spec defines that SeqLab does not read; a file using them is refused
     * with a message that names them as known rather than unknown.
     */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("F4", "F6_E2M3", "F6_E3M2", "F8_E8M0", "C64");

    private final int byteSize;
    private final DType loadsAs;

    SafetensorsDType(int byteSize, DType loadsAs) {
        this.byteSize = byteSize;
        this.loadsAs = loadsAs;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The SeqLab tensor dtype a tensor of this type loads as. */
    public DType loadsAs() {
        return loadsAs;
    }

    /** The name as the header spells it ({@code "F32"}), case-sensitive like the reference. */
    static Optional<SafetensorsDType> fromHeaderName(String name) {
        for (SafetensorsDType d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static boolean isKnownButUnsupported(String name) {
        return KNOWN_UNSUPPORTED.contains(name);
    }

    /** The dtype a SeqLab tensor is written as when no other storage type is asked for. */
    static SafetensorsDType naturalFor(DType dtype) {
        switch (dtype) {
            case FLOAT32: return F32;
            case FLOAT64: return F64;
            case INT64: return I64;
            default: throw new IllegalStateException("no safetensors dtype for " + dtype);
        }
    }

    /** The list users see in messages: {@code BOOL, U8, ...}. */
    static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (SafetensorsDType d : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.name());
        }
        return sb.toString();
    }
}
