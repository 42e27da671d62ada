package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javafx.css.CssParser;
import javafx.css.Rule;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ThemeStylesheetsTest {

    @ParameterizedTest
    @EnumSource(Theme.class)
    void theBuildPutsACopyOfEachThemeWithItsBinaryFormBesideIt(Theme theme) throws IOException {
        String copy = theme.userAgentStylesheet();

        assertThat(copy).isEqualTo(ThemeStylesheets.copyOf(theme)).startsWith(ThemeStylesheets.DIRECTORY);
        assertThat(bytes(copy)).isEqualTo(bytes(theme.atlantaFxStylesheet()));
        URL binary = Theme.class.getResource(copy.replace(".css", ".bss"));
        assertThat(binary).as("the binary form beside " + copy).isNotNull();
        assertThat(selectors(Stylesheet.loadBinary(binary))).isEqualTo(
                selectors(new CssParser().parse(Theme.class.getResource(theme.atlantaFxStylesheet()))));
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void writeConvertsTheThemeIntoAnyClassesDirectory(Theme theme, @TempDir Path classes) throws IOException {
        ThemeStylesheets.write(theme, classes);

        Path css = classes.resolve(ThemeStylesheets.copyOf(theme).substring(1));
        Path bss = css.resolveSibling(css.getFileName().toString().replace(".css", ".bss"));
        assertThat(Files.readAllBytes(css)).isEqualTo(bytes(theme.atlantaFxStylesheet()));
        Stylesheet loaded = Stylesheet.loadBinary(bss.toUri().toURL());
        assertThat(loaded.getRules()).hasSizeGreaterThan(500);
        assertThat(selectors(loaded)).isEqualTo(selectors(new CssParser().parse(css.toUri().toURL())));
        try (var files = Files.list(css.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    private static List<String> selectors(Stylesheet sheet) {
        return sheet.getRules().stream().map(Rule::getSelectors).map(Object::toString).collect(Collectors.toList());
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = Theme.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
