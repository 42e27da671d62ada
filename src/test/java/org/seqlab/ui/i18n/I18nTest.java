package org.seqlab.ui.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.MissingResourceException;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

class I18nTest {

    @Test
    void textFollowsTheLanguage() {
        I18n i18n = new I18n(Language.ENGLISH);
        StringBinding title = i18n.text("debugger.step");
        assertThat(title.get()).isEqualTo("Step");

        i18n.setLanguage(Language.SIMPLIFIED_CHINESE);

        assertThat(title.get()).isEqualTo("单步");
    }

    @Test
    void textWithArgumentsFollowsTheLanguageAndTheArguments() {
        I18n i18n = new I18n(Language.ENGLISH);
        SimpleStringProperty reason = new SimpleStringProperty("no natives");
        StringBinding failed = i18n.text("about.backend.failed", reason);
        assertThat(failed.get()).isEqualTo("not available: no natives");

        reason.set("out of memory");
        assertThat(failed.get()).isEqualTo("not available: out of memory");

        i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        assertThat(failed.get()).isEqualTo("不可用：out of memory");
    }

    @Test
    void englishDoesNotFallBackToTheSystemLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertThat(new I18n(Language.ENGLISH).get("menu.help")).isEqualTo("_Help");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void anyChineseLocaleChoosesChinese() {
        assertThat(Language.forLocale(Locale.SIMPLIFIED_CHINESE)).isEqualTo(Language.SIMPLIFIED_CHINESE);
        assertThat(Language.forLocale(Locale.TRADITIONAL_CHINESE)).isEqualTo(Language.SIMPLIFIED_CHINESE);
        assertThat(Language.forLocale(Locale.GERMANY)).isEqualTo(Language.ENGLISH);
    }

    @Test
    void missingKeyFailsLoudly() {
        assertThatThrownBy(() -> new I18n(Language.ENGLISH).get("menu.nonexistent"))
                .isInstanceOf(MissingResourceException.class)
                .hasMessageContaining("menu.nonexistent");
    }
}
