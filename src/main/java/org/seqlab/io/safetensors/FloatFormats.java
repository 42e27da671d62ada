package org.seqlab.io.safetensors;

/**
 * Bit-exact conversions between float32 and the narrow float formats safetensors files hold:
 * IEEE binary16 (F16), bfloat16 (BF16), and the 8-bit floats F8_E5M2 and F8_E4M3 (read only).
 *
 * <p>Widening is exact for every bit pattern: zeros keep their sign, subnormals become the float32
 * they denote, infinities stay infinite and NaNs stay NaN with their payload shifted into place.
 * Narrowing rounds to nearest, ties to even, overflows to infinity and keeps NaNs NaN. Java 17 has
 * no {@code Float.float16ToFloat} (that arrives in Java 20), hence this class.
 */
final class FloatFormats {
    private FloatFormats() {
    }

    // ---- F16 (binary16: 1 sign, 5 exponent bits with bias 15, 10 mantissa bits) ----------------

    /** The float32 bits of the F16 value {@code h} (low 16 bits used). */
    static int f16ToF32Bits(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return sign | 0x7F80_0000 | (mant << 13);              // inf, or NaN with its payload
        }
        if (exp != 0) {
            return sign | ((exp + (127 - 15)) << 23) | (mant << 13); // normal: rebias the exponent
        }
        if (mant == 0) {
            return sign;                                           // signed zero
        }
        // Subnormal: mant * 2^-24, exactly representable as a normal float32.
        return sign | Float.floatToRawIntBits(mant * 0x1p-24f);
    }

    static float f16ToFloat(int h) {
        return Float.intBitsToFloat(f16ToF32Bits(h));
    }

    /** The F16 bits (in the low 16 bits) nearest to the float32 with bits {@code f}. */
    static int f32BitsToF16(int f) {
        int sign = (f >>> 16) & 0x8000;
        int exp = (f >>> 23) & 0xFF;
        int mant = f & 0x7F_FFFF;
        if (exp == 0xFF) {
            // inf stays inf; a NaN keeps its top payload bits and is made quiet so it stays a NaN.
            return mant == 0 ? sign | 0x7C00 : sign | 0x7C00 | 0x200 | (mant >>> 13);
        }
        int e = exp - (127 - 15);                                  // the F16 biased exponent
        if (e >= 0x1F) {
            return sign | 0x7C00;                                  // too large: infinity
        }
        if (e >= 1) {
            int h = (e << 10) | (mant >>> 13);
            // A carry out of the mantissa moves into the exponent, and from 0x7BFF on to infinity.
            return sign | roundHalfEven(h, mant & 0x1FFF, 13);
        }
        // Subnormal (or zero) in F16: the value is M * 2^(exp-150) = k * 2^-24, k = M >> (14 - e).
        int shift = 14 - e;
        if (shift > 24) {
            return sign;                                           // below half the smallest subnormal
        }
        int m = mant | 0x80_0000;                                  // the implicit leading 1
        return sign | roundHalfEven(m >>> shift, m & ((1 << shift) - 1), shift);
    }

    static int floatToF16(float x) {
        return f32BitsToF16(Float.floatToRawIntBits(x));
    }

    // ---- BF16 (the upper half of a float32) ----------------------------------------------------

    static int bf16ToF32Bits(int b) {
        return (b & 0xFFFF) << 16;
    }

    static float bf16ToFloat(int b) {
        return Float.intBitsToFloat(bf16ToF32Bits(b));
    }

    /** The BF16 bits (in the low 16 bits) nearest to the float32 with bits {@code f}. */
    static int f32BitsToBf16(int f) {
        if ((f & 0x7F80_0000) == 0x7F80_0000 && (f & 0x7F_FFFF) != 0) {
            return (f >>> 16) | 0x0040;                            // NaN: quiet, top payload bits kept
        }
        return roundHalfEven(f >>> 16, f & 0xFFFF, 16) & 0xFFFF;  // overflow carries into infinity
    }

    static int floatToBf16(float x) {
        return f32BitsToBf16(Float.floatToRawIntBits(x));
    }

    // ---- 8-bit floats (read only) --------------------------------------------------------------

    /** F8_E5M2 is the upper byte of an F16. */
    static float f8e5m2ToFloat(int b) {
        return f16ToFloat((b & 0xFF) << 8);
    }

    /**
     * F8_E4M3 as PyTorch's {@code float8_e4m3fn}: exponent bias 7, no infinities, NaN only as
     * {@code S.1111.111}; the largest finite value is 448.
     */
    static float f8e4m3ToFloat(int b) {
        int exp = (b >>> 3) & 0xF;
        int mant = b & 0x7;
        float magnitude;
        if (exp == 0xF && mant == 0x7) {
            magnitude = Float.NaN;
        } else if (exp == 0) {
            magnitude = mant * 0x1p-9f;                            // subnormal: mant/8 * 2^(1-7)
        } else {
            magnitude = Math.scalb(1.0f + mant / 8.0f, exp - 7);
        }
        return (b & 0x80) != 0 ? -magnitude : magnitude;
    }

    /**
     * Rounds {@code kept} (the bits that stay) to nearest, ties to even, given the {@code dropped}
     * low bits of which there were {@code droppedBits}.
     */
    private static int roundHalfEven(int kept, int dropped, int droppedBits) {
        int half = 1 << (droppedBits - 1);
        if (dropped > half || (dropped == half && (kept & 1) != 0)) {
            return kept + 1;
        }
        return kept;
    }
}
