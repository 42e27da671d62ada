package org.seqlab.ui.i18n;

import java.util.Locale;

/** The languages SeqLab's interface speaks, each with its bundle locale and the key of its own name. */
public enum Language {
    ENGLISH(Locale.ENGLISH, "language.en"),
    SIMPLIFIED_CHINESE(Locale.SIMPLIFIED_CHINESE, "language.zh_CN");

    private final Locale locale;
    private final String nameKey;

    Language(Locale locale, String nameKey) {
        this.locale = locale;
        this.nameKey = nameKey;
    }

    public Locale locale() {
        return locale;
    }

    /** The bundle key of this language's name, written in that language (e.g. 简体中文). */
    public String nameKey() {
        return nameKey;
    }

    /** The language for a system locale: Chinese for any {@code zh} locale, English otherwise. */
    public static Language forLocale(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? SIMPLIFIED_CHINESE : ENGLISH;
    }
}
