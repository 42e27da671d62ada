package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The narrow float conversions against bit patterns worked out by hand from IEEE 754 (and checked
 * against NumPy's float16 cast), then exhaustively: every F16 and BF16 value survives the round trip,
 * and every midpoint between two neighbours rounds to the even one.
 */
class FloatFormatsTest {

    @ParameterizedTest(name = "F16 {0} is {1}")
    @CsvSource({
        "0x3C00, 1.0",
        "0xC000, -2.0",
        "0x3555, 0.333251953125",           // 1/3 rounded to 10 mantissa bits
        "0x3C01, 1.0009765625",             // 1 + 2^-10, one ulp above 1
        "0x7BFF, 65504.0",                  // largest finite
        "0xFBFF, -65504.0",
        "0x0400, 6.103515625E-5",           // smallest normal, 2^-14
        "0x03FF, 6.097555160522461E-5",     // largest subnormal, 1023 * 2^-24
        "0x0001, 5.960464477539063E-8",     // smallest subnormal, 2^-24
        "0x8001, -5.960464477539063E-8",
        "0x7C00, Infinity",
        "0xFC00, -Infinity",
    })
    void f16BitPatternsWidenToTheValuesTheyDenote(String bits, double expected) {
        int h = Integer.decode(bits);
        assertThat((double) FloatFormats.f16ToFloat(h)).isEqualTo(expected);
        assertThat(FloatFormats.floatToF16((float) expected)).isEqualTo(h);
    }

    @Test
    void f16ZerosKeepTheirSignAndNaNsStayNaN() {
        assertThat(Float.floatToRawIntBits(FloatFormats.f16ToFloat(0x0000))).isEqualTo(0x0000_0000);
        assertThat(Float.floatToRawIntBits(FloatFormats.f16ToFloat(0x8000))).isEqualTo(0x8000_0000);
        assertThat(FloatFormats.f16ToF32Bits(0x7E00)).isEqualTo(0x7FC0_0000);          // canonical quiet NaN
        assertThat(FloatFormats.f16ToF32Bits(0x7C01)).isEqualTo(0x7F80_2000);          // payload shifted up
        assertThat(FloatFormats.floatToF16(-0.0f)).isEqualTo(0x8000);
        assertThat(FloatFormats.floatToF16(Float.NaN)).isEqualTo(0x7E00);
        // A NaN whose payload lives only in the low bits must not narrow to infinity.
        assertThat(FloatFormats.f32BitsToF16(0x7F80_0001) & 0x7FFF).isGreaterThan(0x7C00);
    }

    @ParameterizedTest(name = "{0} narrows to F16 {1}")
    @CsvSource({
        "1.00048828125,          0x3C00",   // 1 + 2^-11: halfway, ties to even (down)
        "1.00146484375,          0x3C02",   // 1 + 3 * 2^-11: halfway, ties to even (up)
        "0.1,                    0x2E66",
        "3.14159265,             0x4248",
        "65519.98828125,         0x7BFF",   // just below the midpoint to infinity
        "65520.0,                0x7C00",   // the midpoint between 65504 and 2^16 rounds to infinity
        "1.0E10,                 0x7C00",
        "2.9802322387695312E-8,  0x0000",   // 2^-25, half the smallest subnormal: ties to even (zero)
        "2.980232594040899E-8,   0x0001",   // one float ulp above it
        "8.940696716308594E-8,   0x0002",   // 1.5 * 2^-24: ties to even (2)
        "1.4901161193847656E-7,  0x0002",   // 2.5 * 2^-24: ties to even (2)
        "6.1005353927612305E-5,  0x0400",   // rounds up from the subnormals into the smallest normal
        "1.0E-30,                0x0000",
    })
    void floatsNarrowToTheNearestF16TiesToEven(float value, String bits) {
        assertThat(FloatFormats.floatToF16(value)).isEqualTo(Integer.decode(bits));
        assertThat(FloatFormats.floatToF16(-value)).isEqualTo(Integer.decode(bits) | 0x8000);
    }

    @Test
    void everyF16RoundTripsThroughFloat32() {
        for (int h = 0; h < 0x1_0000; h++) {
            boolean nan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
            if (nan) {
                assertThat(Float.isNaN(FloatFormats.f16ToFloat(h))).as("0x%04x", h).isTrue();
                assertThat(FloatFormats.f32BitsToF16(FloatFormats.f16ToF32Bits(h))).as("0x%04x", h)
                        .isEqualTo(h | 0x200);                          // quieted, payload kept
            } else {
                assertThat(FloatFormats.f32BitsToF16(FloatFormats.f16ToF32Bits(h))).as("0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void everyMidpointBetweenNeighbouringF16sRoundsToTheEvenOne() {
        for (int h = 0; h < 0x7BFF; h++) {                             // h and h+1 both finite, positive
            float lo = FloatFormats.f16ToFloat(h);
            float hi = FloatFormats.f16ToFloat(h + 1);
            float mid = (lo + hi) / 2;                                  // exact: 12 significant bits at most
            int even = (h & 1) == 0 ? h : h + 1;
            assertThat(FloatFormats.floatToF16(mid)).as("midpoint after 0x%04x", h).isEqualTo(even);
            assertThat(FloatFormats.floatToF16(Math.nextDown(mid))).as("below midpoint 0x%04x", h).isEqualTo(h);
            assertThat(FloatFormats.floatToF16(Math.nextUp(mid))).as("above midpoint 0x%04x", h).isEqualTo(h + 1);
        }
    }

    @ParameterizedTest(name = "BF16 {0} is {1}")
    @CsvSource({
        "0x3F80, 1.0",
        "0xC000, -2.0",
        "0x4049, 3.140625",
        "0x3DCD, 0.10009765625",
        "0x7F7F, 3.3895313892515355E38",    // largest finite
        "0x0080, 1.1754943508222875E-38",   // smallest normal, 2^-126
        "0x0001, 9.183549615799121E-41",    // smallest subnormal, 2^-133
        "0x7F80, Infinity",
        "0xFF80, -Infinity",
    })
    void bf16BitPatternsWidenToTheValuesTheyDenote(String bits, double expected) {
        int b = Integer.decode(bits);
        assertThat((double) FloatFormats.bf16ToFloat(b)).isEqualTo(expected);
        assertThat(FloatFormats.floatToBf16((float) expected)).isEqualTo(b);
    }

    @Test
    void floatsNarrowToTheNearestBf16TiesToEven() {
        assertThat(FloatFormats.floatToBf16((float) Math.PI)).isEqualTo(0x4049);
        assertThat(FloatFormats.floatToBf16(0.1f)).isEqualTo(0x3DCD);
        assertThat(FloatFormats.f32BitsToBf16(0x3F80_8000)).isEqualTo(0x3F80);     // tie, even below
        assertThat(FloatFormats.f32BitsToBf16(0x3F81_8000)).isEqualTo(0x3F82);     // tie, even above
        assertThat(FloatFormats.f32BitsToBf16(0x3F80_8001)).isEqualTo(0x3F81);
        assertThat(FloatFormats.f32BitsToBf16(0x7F7F_FFFF)).isEqualTo(0x7F80);     // overflows to infinity
        assertThat(FloatFormats.f32BitsToBf16(0x7F80_0001) & 0x7FFF).isGreaterThan(0x7F80);   // NaN stays NaN
        assertThat(FloatFormats.floatToBf16(-0.0f)).isEqualTo(0x8000);
    }

    @Test
    void everyBf16RoundTripsAndEveryMidpointRoundsToEven() {
        for (int b = 0; b < 0x1_0000; b++) {
            boolean nan = (b & 0x7F80) == 0x7F80 && (b & 0x7F) != 0;
            int back = FloatFormats.f32BitsToBf16(FloatFormats.bf16ToF32Bits(b));
            assertThat(back).as("0x%04x", b).isEqualTo(nan ? b | 0x40 : b);
        }
        for (int b = 0; b < 0x7F7F; b++) {
            float lo = FloatFormats.bf16ToFloat(b);
            float hi = FloatFormats.bf16ToFloat(b + 1);
            float mid = lo + (hi - lo) / 2;                             // exact, and no overflow
            int even = (b & 1) == 0 ? b : b + 1;
            assertThat(FloatFormats.floatToBf16(mid)).as("midpoint after 0x%04x", b).isEqualTo(even);
            assertThat(FloatFormats.floatToBf16(Math.nextDown(mid))).as("below 0x%04x", b).isEqualTo(b);
            assertThat(FloatFormats.floatToBf16(Math.nextUp(mid))).as("above 0x%04x", b).isEqualTo(b + 1);
        }
    }

    @ParameterizedTest(name = "F8_E4M3 {0} is {1}")
    @CsvSource({
        "0x38, 1.0",          // exponent 7 (the bias), mantissa 0
        "0xB8, -1.0",
        "0x7E, 448.0",        // largest finite: exponent 15, mantissa 6
        "0x78, 256.0",        // exponent 15 is a normal exponent in the fn variant
        "0x08, 0.015625",     // smallest normal, 2^-6
        "0x01, 0.001953125",  // smallest subnormal, 2^-9
        "0x07, 0.013671875",  // largest subnormal, 7 * 2^-9
        "0x00, 0.0",
    })
    void f8e4m3BitPatternsWidenToTheValuesTheyDenote(String bits, double expected) {
        assertThat((double) FloatFormats.f8e4m3ToFloat(Integer.decode(bits))).isEqualTo(expected);
    }

    @Test
    void f8e4m3HasNaNOnlyAtAllOnesAndNoInfinity() {
        int nans = 0;
        for (int b = 0; b < 256; b++) {
            float f = FloatFormats.f8e4m3ToFloat(b);
            assertThat(Float.isInfinite(f)).as("0x%02x", b).isFalse();
            nans += Float.isNaN(f) ? 1 : 0;
        }
        assertThat(nans).isEqualTo(2);                                  // 0x7F and 0xFF
        assertThat(FloatFormats.f8e4m3ToFloat(0x7F)).isNaN();
        assertThat(FloatFormats.f8e4m3ToFloat(0xFF)).isNaN();
    }

    @ParameterizedTest(name = "F8_E5M2 {0} is {1}")
    @CsvSource({
        "0x3C, 1.0",
        "0x7B, 57344.0",      // largest finite
        "0x7C, Infinity",
        "0x01, 1.52587890625E-5",   // smallest subnormal, 2^-16
        "0xC0, -2.0",
    })
    void f8e5m2IsTheUpperByteOfAnF16(String bits, double expected) {
        assertThat((double) FloatFormats.f8e5m2ToFloat(Integer.decode(bits))).isEqualTo(expected);
        assertThat(FloatFormats.f8e5m2ToFloat(0x7E)).isNaN();
    }
}
