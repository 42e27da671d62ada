package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueFormatTest {

    @Test
    void exactReadsBackAsTheSameDouble() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double v = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            assertThat(Double.parseDouble(ValueFormat.exact(v))).as("%s", v).isEqualTo(v);
        }
        float f = 0.8347201f;
        assertThat(Double.parseDouble(ValueFormat.exact(f))).isEqualTo((double) f);
    }

    @Test
    void exactAvoidsExponentsForEverydayMagnitudes() {
        assertThat(ValueFormat.exact(0.1)).isEqualTo("0.1");
        assertThat(ValueFormat.exact(-2.5)).isEqualTo("-2.5");
        assertThat(ValueFormat.exact(3.0)).isEqualTo("3");
        assertThat(ValueFormat.exact(0.00012)).isEqualTo("0.00012");
        assertThat(ValueFormat.exact(1e-7)).isEqualTo("1.0E-7");
        assertThat(ValueFormat.exact(Double.NaN)).isEqualTo("NaN");
        assertThat(ValueFormat.exact(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void compactKeepsAboutThreeDigits() {
        assertThat(ValueFormat.compact(0)).isEqualTo("0");
        assertThat(ValueFormat.compact(1)).isEqualTo("1");
        assertThat(ValueFormat.compact(0.87312)).isEqualTo("0.873");
        assertThat(ValueFormat.compact(-12.54)).isEqualTo("-12.5");
        assertThat(ValueFormat.compact(0.5)).isEqualTo("0.5");
        assertThat(ValueFormat.compact(1.23e-5)).isEqualTo("1.2e-5");
        assertThat(ValueFormat.compact(45678)).isEqualTo("4.6e4");
    }
}
