package org.seqlab.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a whole-number spinner makes of typed text. */
class SpinnersTest {

    @Test
    void readsDigitGroupsAndKeepsTheValueOnTextThatIsNoWholeNumber() {
        assertThat(Spinners.parse("2000", 7)).isEqualTo(2000);
        assertThat(Spinners.parse(" 2,000 ", 7)).isEqualTo(2000);
        assertThat(Spinners.parse("2_000", 7)).isEqualTo(2000);
        assertThat(Spinners.parse("2 000", 7)).isEqualTo(2000);
        assertThat(Spinners.parse("-3", 7)).isEqualTo(-3);
        assertThat(Spinners.parse("99999999999", 7)).as("clamped to an int").isEqualTo(Integer.MAX_VALUE);
        assertThat(Spinners.parse("lots", 7)).isEqualTo(7);
        assertThat(Spinners.parse("1.5", 7)).isEqualTo(7);
        assertThat(Spinners.parse("", 7)).isEqualTo(7);
        assertThat(Spinners.parse(null, 7)).isEqualTo(7);
    }
}
