package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

class ColorMapTest {

    private static final Color DARK_BLUE = Color.web("#053061");
    private static final Color DARK_RED = Color.web("#67001f");

    @Test
    void zeroIsWhiteInDiverging() {
        assertThat(ColorMap.diverging(3.7).color(0.0)).isEqualTo(Color.WHITE);
        assertThat(ColorMap.of(ColorScale.DIVERGING, -0.2, 5).color(0.0)).isEqualTo(Color.WHITE);
    }

    @Test
    void plusAndMinusMaxAreTheEndColoursInDiverging() {
        ColorMap map = ColorMap.diverging(2.5);
        assertThat(map.color(-2.5)).isEqualTo(DARK_BLUE);
        assertThat(map.color(2.5)).isEqualTo(DARK_RED);
        assertThat(map.color(-100)).as("below the range clamps to the end").isEqualTo(DARK_BLUE);
        assertThat(map.color(100)).as("above the range clamps to the end").isEqualTo(DARK_RED);
    }

    @Test
    void divergingIsSymmetricAroundZeroUsingTheLargerEnd() {
        ColorMap map = ColorMap.of(ColorScale.DIVERGING, -0.5, 2);
        assertThat(map.min()).isEqualTo(-2);
        assertThat(map.max()).isEqualTo(2);
        for (double v : new double[] {0.1, 0.7, 1.3, 2}) {
            Color plus = map.color(v);
            Color minus = map.color(-v);
            assertThat(luminance(plus)).as("|%s| is as light on both sides", v).isCloseTo(luminance(minus),
                    org.assertj.core.data.Offset.offset(0.08));
            assertThat(plus.getRed()).as("+%s is red", v).isGreaterThan(plus.getBlue());
            assertThat(minus.getBlue()).as("-%s is blue", v).isGreaterThan(minus.getRed());
        }
    }

    @Test
    void divergingDarkensMonotonicallyAwayFromZero() {
        ColorMap map = ColorMap.diverging(1);
        double lastPlus = luminance(map.color(0));
        double lastMinus = lastPlus;
        for (int i = 1; i <= 200; i++) {
            double v = i / 200.0;
            double plus = luminance(map.color(v));
            double minus = luminance(map.color(-v));
            assertThat(plus).as("luminance at +%s", v).isLessThan(lastPlus);
            assertThat(minus).as("luminance at -%s", v).isLessThan(lastMinus);
            lastPlus = plus;
            lastMinus = minus;
        }
    }

    @Test
    void sequentialRunsFromWhiteToDeepBlueDarkeningMonotonically() {
        ColorMap map = ColorMap.sequential(0, 1);
        assertThat(map.color(0)).isEqualTo(Color.WHITE);
        Color top = map.color(1);
        assertThat(top).isEqualTo(Color.web("#08306b"));
        assertThat(top.getBlue()).isGreaterThan(top.getRed()).isGreaterThan(0.4);
        double last = luminance(map.color(0));
        for (int i = 1; i <= 200; i++) {
            double l = luminance(map.color(i / 200.0));
            assertThat(l).as("luminance at %s", i / 200.0).isLessThan(last);
            last = l;
        }
    }

    @Test
    void sequentialMapsItsRangeOntoTheRamp() {
        ColorMap map = ColorMap.sequential(2, 6);
        assertThat(map.position(2)).isZero();
        assertThat(map.position(4)).isEqualTo(0.5);
        assertThat(map.position(6)).isEqualTo(1);
        assertThat(map.color(4)).isEqualTo(map.colorAt(0.5));
    }

    @Test
    void nonFiniteValuesGetTheirOwnColour() {
        ColorMap map = ColorMap.diverging(1);
        assertThat(map.color(Double.NaN)).isEqualTo(ColorMap.NON_FINITE);
        assertThat(map.color(Double.POSITIVE_INFINITY)).isEqualTo(ColorMap.NON_FINITE);
        assertThat(map.color(Double.NEGATIVE_INFINITY)).isEqualTo(ColorMap.NON_FINITE);
    }

    @Test
    void specialCellColoursAreNoValuesColour() {
        for (ColorMap map : new ColorMap[] {ColorMap.diverging(1), ColorMap.sequential(0, 1)}) {
            for (int i = 0; i <= 1000; i++) {
                Color c = map.colorAt(i / 1000.0);
                for (Color special : new Color[] {ColorMap.MASKED, ColorMap.MASKED_HATCH, ColorMap.HIDDEN,
                        ColorMap.NON_FINITE}) {
                    assertThat(distance(c, special)).as("%s at %s vs %s", map, i / 1000.0, special)
                            .isGreaterThan(0.05);
                }
            }
            assertThat(distance(map.color(map.scale() == ColorScale.DIVERGING ? 0 : map.min()), ColorMap.MASKED))
                    .as("a masked cell does not look like a zero").isGreaterThan(0.3);
        }
    }

    @Test
    void anEmptyRangeDrawsEverythingWhite() {
        assertThat(ColorMap.diverging(0).color(0)).isEqualTo(Color.WHITE);
        assertThat(ColorMap.sequential(3, 3).color(3)).isEqualTo(Color.WHITE);
    }

    @Test
    void argbIsTheOpaqueColour() {
        assertThat(ColorMap.argb(Color.WHITE)).isEqualTo(0xFFFFFFFF);
        assertThat(ColorMap.diverging(1).argb(1)).isEqualTo(0xFF67001F);
    }

    @Test
    void aRangeMustBeFiniteAndOrdered() {
        assertThatThrownBy(() -> ColorMap.sequential(1, 0)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> ColorMap.diverging(Double.NaN)).hasMessageContaining("finite");
    }

    /** Relative luminance (WCAG), 0 black .. 1 white. */
    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double s) {
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    private static double distance(Color a, Color b) {
        double dr = a.getRed() - b.getRed();
        double dg = a.getGreen() - b.getGreen();
        double db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
