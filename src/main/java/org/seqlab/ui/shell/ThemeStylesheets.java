package org.seqlab.ui.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import javafx.css.Stylesheet;

/**
 * The themes' stylesheets in JavaFX's binary form, made at build time. JavaFX parses a theme's 170 kB of CSS
 * on the FX thread before the window can show (a quarter of a second on a cold JVM); when a {@code .bss} file
 * lies beside the {@code .css} it loads that instead (60 ms). AtlantaFX ships CSS only, so the build
 * ({@code process-classes}, see the pom) copies each theme's CSS into SeqLab's classes and converts it beside the
 * copy; {@link Theme} uses the copy when it is there and AtlantaFX's own file when it is not (a run from
 * classes the build did not make).
 */
public final class ThemeStylesheets {

    /** Where in the classes the copies lie. */
    static final String DIRECTORY = "/org/seqlab/ui/shell/theme/";

    private ThemeStylesheets() {
    }

    /** The classpath resource of {@code theme}'s copy in SeqLab's classes. */
    static String copyOf(Theme theme) {
        String original = theme.atlantaFxStylesheet();
        return DIRECTORY + original.substring(original.lastIndexOf('/') + 1);
    }

    /**
     * Writes every theme's CSS and its binary form under {@code classesDirectory}.
     *
     * @param args one argument: the classes directory ({@code target/classes})
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument, the classes directory; found "
                    + args.length);
        }
        for (Theme theme : Theme.values()) {
            write(theme, Path.of(args[0]));
        }
    }

    static void write(Theme theme, Path classesDirectory) throws IOException {
        Path css = classesDirectory.resolve(copyOf(theme).substring(1));
        Files.createDirectories(css.getParent());
        String original = theme.atlantaFxStylesheet();
        try (InputStream in = Objects.requireNonNull(Theme.class.getResourceAsStream(original), original)) {
            Files.copy(in, css, StandardCopyOption.REPLACE_EXISTING);
        }
        Path bss = css.resolveSibling(css.getFileName().toString().replace(".css", ".bss"));
        Path partial = bss.resolveSibling(bss.getFileName() + ".partial");
        try {
            Stylesheet.convertToBinary(css.toFile(), partial.toFile());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw new UncheckedIOException(new IOException("Cannot convert " + original + " to binary CSS: "
                    + e.getMessage(), e));
        }
        Files.move(partial, bss, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
