package org.seqlab.data.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;

class TokenizerFlatJsonTest {
    private static final Path FILE = Path.of("vocab.json");

    @Test
    void readsEscapesIncludingSurrogatePairsInFileOrder() {
        Map<String, Integer> m = FlatJson.parse(" {\"\\u0120the\": 262, \"\\ud83d\\udc4d\": 5,\n \"a\\\"\\\\\\/\\n\\t\": 0,"
                + " \"é\": 7 } ", FILE);
        assertThat(m).containsExactly(Map.entry("Ġthe", 262), Map.entry("👍", 5), Map.entry("a\"\\/\n\t", 0),
                Map.entry("é", 7));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("Ġthe", 0);
        m.put("\"q\"\\", 1);
        m.put("👍\n", 2);
        String json = FlatJson.write(m);
        assertThat(json).isEqualTo("{\"\\u0120the\": 0, \"\\\"q\\\"\\\\\": 1, \"\\ud83d\\udc4d\\n\": 2}");
        assertThat(FlatJson.parse(json, FILE)).isEqualTo(m);
    }

    @Test
    void readsTheEmptyObject() {
        assertThat(FlatJson.parse("{}", FILE)).isEmpty();
    }

    @Test
    void refusesALoneSurrogateNamingLineAndColumn() {
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1,\n \"\\ud83d\": 2}", FILE))
                .isInstanceOf(SeqLabException.class)
                .hasMessageContaining("vocab.json, line 2, column 3")
                .hasMessageContaining("expected a low surrogate");
        assertThatThrownBy(() -> FlatJson.parse("{\"\\udc4d\": 2}", FILE))
                .hasMessageContaining("lone low surrogate");
    }

    @Test
    void refusesEverythingButAFlatObjectOfIntegers() {
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1, \"a\": 2}", FILE)).hasMessageContaining("a second time");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1, \"b\": 1}", FILE)).hasMessageContaining("each id once");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1,}", FILE)).hasMessageContaining("'\"' opening a string key");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1.5}", FILE)).hasMessageContaining("fraction or exponent");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": -1}", FILE)).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 01}", FILE)).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": {}}", FILE)).hasMessageContaining("found \"{}}\"");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1} x", FILE)).hasMessageContaining("column 10")
                .hasMessageContaining("the end of the file after the object");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\tb\": 1}", FILE)).hasMessageContaining("raw control character");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\\x\": 1}", FILE)).hasMessageContaining("found \\x");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 99999999999}", FILE)).hasMessageContaining("an id up to");
        assertThatThrownBy(() -> FlatJson.parse("[1]", FILE)).hasMessageContaining("line 1, column 1")
                .hasMessageContaining("expected '{'");
    }
}
