package org.seqlab.ui.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message bundles and the code agree: every key is in both bundles, every key is used in
 * {@code src/main/java}, and every key the UI code names exists. Keys are found in the code as string
 * literals whose first segment is one of the bundles' namespaces ({@code menu.}, {@code about.}, …),
 * which is why keys are always written out in full.
 */
class I18nBundlesTest {

    private static final Path MAIN_JAVA = Path.of("src/main/java");
    private static final Path UI_JAVA = MAIN_JAVA.resolve("org/seqlab/ui");
    private static final String BASE = "/org/seqlab/ui/i18n/messages.properties";
    private static final String CHINESE = "/org/seqlab/ui/i18n/messages_zh_CN.properties";
    private static final Pattern KEY_LITERAL = Pattern.compile("\"([a-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9_]+)+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    private static Properties english;
    private static Properties chinese;
    private static Map<Path, String> sources;

    @BeforeAll
    static void load() throws IOException {
        english = read(BASE);
        chinese = read(CHINESE);
        try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
            sources = new LinkedHashMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                sources.put(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertThat(sources).as("Java sources under %s (tests run from the project folder)", MAIN_JAVA.toAbsolutePath())
                .isNotEmpty();
    }

    private static Properties read(String resource) throws IOException {
        try (InputStream in = I18nBundlesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("bundle %s on the classpath", resource).isNotNull();
            Properties props = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            return props;
        }
    }

    private static Set<String> keys(Properties props) {
        return new TreeSet<>(props.stringPropertyNames());
    }

    @Test
    void everyKeyIsInBothBundles() {
        Set<String> onlyEnglish = new TreeSet<>(keys(english));
        onlyEnglish.removeAll(keys(chinese));
        Set<String> onlyChinese = new TreeSet<>(keys(chinese));
        onlyChinese.removeAll(keys(english));

        assertThat(onlyEnglish).as("keys in messages.properties but missing from messages_zh_CN.properties")
                .isEmpty();
        assertThat(onlyChinese).as("keys in messages_zh_CN.properties but missing from messages.properties")
                .isEmpty();
    }

    @Test
    void noKeyIsDefinedTwiceInABundle() throws IOException {
        for (String resource : List.of(BASE, CHINESE)) {
            Map<String, Integer> seen = new TreeMap<>();
            List<String> duplicates = new ArrayList<>();
            try (InputStream in = I18nBundlesTest.class.getResourceAsStream(resource)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                        continue;
                    }
                    String key = t.split("[=:]", 2)[0].strip();
                    if (seen.merge(key, 1, Integer::sum) == 2) {
                        duplicates.add(key);
                    }
                }
            }
            assertThat(duplicates).as("keys defined twice in %s (the last one silently wins)", resource).isEmpty();
        }
    }

    @Test
    void everyKeyIsUsedInTheCode() {
        Set<String> used = literalsIn(sources.values());
        Set<String> unused = new TreeSet<>(keys(english));
        unused.removeAll(used);

        assertThat(unused).as("bundle keys that no file under %s names: remove them or use them", MAIN_JAVA)
                .isEmpty();
    }

    @Test
    void everyKeyTheUiCodeUsesExists() {
        Set<String> namespaces = keys(english).stream().map(k -> k.substring(0, k.indexOf('.')))
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Path> missing = new TreeMap<>();
        sources.forEach((file, text) -> {
            if (!file.startsWith(UI_JAVA)) {
                return;
            }
            for (String literal : literalsIn(List.of(text))) {
                String namespace = literal.substring(0, literal.indexOf('.'));
                if (namespaces.contains(namespace) && !english.containsKey(literal)) {
                    missing.put(literal, file);
                }
            }
        });

        assertThat(missing).as("keys named in the UI code (namespaces %s) but absent from the bundles", namespaces)
                .isEmpty();
    }

    @Test
    void translationsKeepTheirPlaceholders() {
        Map<String, String> mismatched = new TreeMap<>();
        for (String key : keys(english)) {
            Set<String> en = placeholders(english.getProperty(key));
            Set<String> zh = placeholders(chinese.getProperty(key, ""));
            if (!en.equals(zh)) {
                mismatched.put(key, "en " + en + " vs zh_CN " + zh);
            }
        }
        assertThat(mismatched).as("messages whose {n} arguments differ between the bundles").isEmpty();
    }

    @Test
    void chineseBundleIsReadAsUtf8() {
        assertThat(I18n.bundle(Language.SIMPLIFIED_CHINESE).getString("menu.file")).isEqualTo("文件(_F)");
        assertThat(I18n.bundle(Language.ENGLISH).getString("menu.file")).isEqualTo("_File");
        assertThat(I18n.bundle(Language.ENGLISH).getString("language.zh_CN")).isEqualTo("简体中文");
    }

    private static Set<String> literalsIn(Iterable<String> texts) {
        Set<String> found = new TreeSet<>();
        for (String text : texts) {
            Matcher m = KEY_LITERAL.matcher(text);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    private static Set<String> placeholders(String value) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            found.add("{" + m.group(1) + "}");
        }
        return found;
    }
}
