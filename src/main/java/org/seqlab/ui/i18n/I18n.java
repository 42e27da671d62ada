package org.seqlab.ui.i18n;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * All UI text, in the current {@link Language}, from the bundles
 * {@code org/seqlab/ui/i18n/messages*.properties} (UTF-8). Views bind their text to {@link #text}, so
 * that switching the language relabels the whole UI at once.
 *
 * <p>Keys are always written out in full in the code, never assembled from pieces: a test finds every
 * key the code uses by scanning the sources, and fails on a key missing from a bundle or unused.
 * A value with arguments is a {@link MessageFormat} pattern ({@code {0}}; a literal quote is {@code ''}).
 */
public final class I18n {

    /** The base name of the message bundles. */
    public static final String BUNDLE = "org.seqlab.ui.i18n.messages";

    // no fallback to the JVM's default locale: ENGLISH must find the base bundle even on a Chinese system
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ObjectProperty<Language> language;

    public I18n(Language initial) {
        this.language = new SimpleObjectProperty<>(this, "language", Objects.requireNonNull(initial));
    }

    public ObjectProperty<Language> languageProperty() {
        return language;
    }

    public Language getLanguage() {
        return language.get();
    }

    public void setLanguage(Language value) {
        language.set(Objects.requireNonNull(value));
    }

    /** The bundle of a language. */
    public static ResourceBundle bundle(Language language) {
        return ResourceBundle.getBundle(BUNDLE, language.locale(), NO_FALLBACK);
    }

    /** The text of {@code key} in the current language; throws if no bundle has the key. */
    public String get(String key) {
        return bundle(language.get()).getString(key);
    }

    /** The pattern {@code key} in the current language with {@code args} filled in. */
    public String format(String key, Object... args) {
        return new MessageFormat(get(key), language.get().locale()).format(args);
    }

    /**
     * The text of {@code key}, following the language as it changes; with {@code args}, the pattern
     * {@code key} with those live values filled in, following them too.
     */
    public StringBinding text(String key, ObservableValue<?>... args) {
        Objects.requireNonNull(key);
        Observable[] dependencies = new Observable[args.length + 1];
        dependencies[0] = language;
        System.arraycopy(args, 0, dependencies, 1, args.length);
        Callable<String> compute = args.length == 0
                ? () -> get(key)
                : () -> format(key, Arrays.stream(args).map(ObservableValue::getValue).toArray());
        return Bindings.createStringBinding(compute, dependencies);
    }
}
