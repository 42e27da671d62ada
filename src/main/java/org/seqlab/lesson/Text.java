package org.seqlab.lesson;

import java.util.Locale;
import java.util.Objects;

/** A text of the curriculum in English and in simplified Chinese. */
public record Text(String en, String zh) {
    public Text {
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(zh, "zh");
    }

    /** The text for {@code locale}: Chinese for any {@code zh} locale, English otherwise. */
    public String in(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? zh : en;
    }
}
