package org.seqlab.data.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqLabException;

class BpeByteLevelTest {

    static final List<String> ROUND_TRIP = List.of("", "hello world", "👍🏽 ok", "你好，世界",
            "GPT-2 says: 3.14 — ok!\n\tend  ");

    static Path fixture(String name) {
        try {
            return Path.of(BpeByteLevelTest.class.getResource("gpt2-subset/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ByteLevelBpe gpt2Subset() {
        return ByteLevelBpe.load(fixture("vocab.json"), fixture("merges.txt"));
    }

    /** One line of goldens.tsv: hex of the UTF-8 text, the ids, the text for people. */
    record Golden(String text, int[] ids) {
    }

    static List<Golden> goldens() throws IOException {
        List<Golden> out = new ArrayList<>();
        for (String line : Files.readAllLines(fixture("goldens.tsv"), StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t", -1);
            byte[] bytes = new byte[cols[0].length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(cols[0].substring(2 * i, 2 * i + 2), 16);
            }
            int[] ids = cols[1].isEmpty() ? new int[0] : Arrays.stream(cols[1].split(" ")).mapToInt(Integer::parseInt)
                    .toArray();
            out.add(new Golden(new String(bytes, StandardCharsets.UTF_8), ids));
        }
        return out;
    }

    @Test
    void encodesEveryGoldenStringToGpt2sIdsAndDecodesItBack() throws IOException {
        ByteLevelBpe bpe = gpt2Subset();
        List<Golden> goldens = goldens();
        assertThat(goldens).hasSizeGreaterThanOrEqualTo(20);
        for (Golden g : goldens) {
            assertThat(bpe.encode(g.text())).as("ids of %s", g.text()).containsExactly(g.ids());
            assertThat(bpe.decode(g.ids())).as("decode of %s", g.text()).isEqualTo(g.text());
        }
    }

    @Test
    void gpt2SplitsHelloWorldIntoTwoTokensWithTheSpaceAsG() {
        ByteLevelBpe bpe = gpt2Subset();
        assertThat(bpe.tokenize("hello world")).containsExactly("hello", "Ġworld");
        assertThat(bpe.encode("hello world")).containsExactly(31373, 995);
        assertThat(bpe.vocabularySize()).isEqualTo(50257);
        assertThat(bpe.specialTokens()).containsExactly("<|endoftext|>");
        assertThat(bpe.token(50256)).isEqualTo("<|endoftext|>");
    }

    @Test
    void specialTokensAreTextForEncodeAndOneIdForEncodeWithSpecials() {
        ByteLevelBpe bpe = gpt2Subset();
        assertThat(bpe.encode("hello<|endoftext|>")).doesNotContain(50256);
        int[] ids = bpe.encodeWithSpecials("hello world<|endoftext|>hello");
        assertThat(ids).containsExactly(31373, 995, 50256, 31373);
        assertThat(bpe.decode(ids)).isEqualTo("hello world<|endoftext|>hello");
    }

    @Test
    void bytesToUnicodeMapsPrintableBytesToThemselvesAndTheRestAbove255() {
        assertThat(ByteLevelBpe.byteSymbols()).hasSize(256).doesNotHaveDuplicates();
        assertThat(ByteLevelBpe.byteSymbols().get(0)).isEqualTo("!");
        assertThat(ByteLevelBpe.toByteSymbols(" \n\t")).isEqualTo("ĠĊĉ");
        assertThat(ByteLevelBpe.toByteSymbols("é")).isEqualTo("Ã©");
    }

    @Test
    void preTokenizerTreatsUnicodeWhitespaceAsWhitespace() {
        assertThat(ByteLevelBpe.preTokenize("a\u00a0b  c\u2003"))
                .containsExactly("a", "\u00a0", "b", " ", " c", "\u2003");
        assertThat(ByteLevelBpe.preTokenize("I'm 3.14!"))
                .containsExactly("I", "'m", " 3", ".", "14", "!");
    }

    @Test
    void decodingIdsThatCutACharacterGivesTheReplacementCharacter() {
        ByteLevelBpe bpe = gpt2Subset();
        int[] ids = bpe.encode("你");
        assertThat(ids.length).isGreaterThan(1);
        assertThat(bpe.decode(Arrays.copyOf(ids, 1))).isEqualTo("\uFFFD");
    }

    @Test
    void decodingAnIdOutsideTheVocabularyNamesTheValidRange() {
        ByteLevelBpe bpe = gpt2Subset();
        assertThatThrownBy(() -> bpe.decode(new int[] {60000}))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("60000").hasMessageContaining("0..50256");
        assertThatThrownBy(() -> bpe.token(50000)).isInstanceOf(SeqLabException.class);   // not in the subset
    }

    @Test
    void trainingMergesTheMostFrequentPairAndBreaksTiesBySmallestSymbols() {
        // Pre-tokens: "ab" x1, "Ġab" x2, "Ġcd" x2. (a,b) occurs 3 times and goes first; then (Ġ,ab), (Ġ,c) and
        // (c,d) occur twice each: "c" < "Ġ" picks (c,d), then "ab" < "cd" picks (Ġ,ab), then (Ġ,cd).
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("ab ab ab cd cd"), 260, List.of());
        assertThat(bpe.merges()).extracting(m -> m[0] + " " + m[1])
                .containsExactly("a b", "c d", "Ġ ab", "Ġ cd");
        assertThat(bpe.tokenize("ab ab cd")).containsExactly("ab", "Ġab", "Ġcd");
        assertThat(bpe.vocabularySize()).isEqualTo(260);
        assertThat(bpe.id("Ġcd")).isEqualTo(259);
    }

    @Test
    void trainingStopsWhenNoPairIsLeft() {
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("ab"), 1000, List.of("<|endoftext|>"));
        assertThat(bpe.merges()).hasSize(1);
        assertThat(bpe.vocabularySize()).isEqualTo(258);
        assertThat(bpe.id("<|endoftext|>")).isEqualTo(257);
    }

    @Test
    void trainedTokenizerRoundTripsAnyTextIncludingBytesItNeverSaw() {
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("the cat sat on the mat. the cat ate the rat!"), 270,
                List.of("<|endoftext|>"));
        assertThat(bpe.vocabularySize()).isEqualTo(270);
        assertThat(bpe.tokenize(" the cat")).containsExactly("Ġthe", "Ġcat");
        for (String s : ROUND_TRIP) {
            assertThat(bpe.decode(bpe.encode(s))).as(s).isEqualTo(s);
        }
    }

    @Test
    void trainingIsDeterministic() {
        List<String> corpus = List.of("low lower lowest newer wider new wide", "slow slower new newest");
        assertThat(ByteLevelBpe.train(corpus, 290, List.of()).merges())
                .usingRecursiveComparison()
                .isEqualTo(ByteLevelBpe.train(corpus, 290, List.of()).merges());
    }

    @Test
    void savedFilesLoadBackToTheSameTokenizer(@TempDir Path dir) throws IOException {
        ByteLevelBpe trained = ByteLevelBpe.train(List.of("naïve café, naïve cafés; \"quoted\" \\ back\\slash 你好你好"),
                320, List.of("<|endoftext|>"));
        trained.save(dir.resolve("bpe"));
        assertThat(Files.readAllLines(dir.resolve("bpe/merges.txt")).get(0)).isEqualTo("#version: 0.2");
        ByteLevelBpe loaded = ByteLevelBpe.load(dir.resolve("bpe/vocab.json"), dir.resolve("bpe/merges.txt"));
        assertThat(loaded.vocabulary()).isEqualTo(trained.vocabulary());
        assertThat(loaded.specialTokens()).containsExactly("<|endoftext|>");
        for (String s : List.of("naïve café", "\"quoted\" \\", "你好", "never seen 👍")) {
            assertThat(loaded.encode(s)).as(s).containsExactly(trained.encode(s));
        }
    }

    @Test
    void savedGpt2SubsetIsByteForByteTheFixture(@TempDir Path dir) throws IOException {
        gpt2Subset().save(dir);
        assertThat(Files.readString(dir.resolve("vocab.json"))).isEqualTo(Files.readString(fixture("vocab.json")));
        assertThat(Files.readString(dir.resolve("merges.txt"))).isEqualTo(Files.readString(fixture("merges.txt")));
    }

    @Test
    void loadToleratesByteOrderMarksCrlfAndTrailingBlankLines(@TempDir Path dir) throws IOException {
        Path vocab = dir.resolve("vocab.json");
        Path merges = dir.resolve("merges.txt");
        Files.writeString(vocab, "\uFEFF" + Files.readString(fixture("vocab.json")) + "\r\n");
        Files.writeString(merges, "\uFEFF" + Files.readString(fixture("merges.txt")).replace("\n", "\r\n") + "\r\n\r\n");
        ByteLevelBpe bpe = ByteLevelBpe.load(vocab, merges);
        assertThat(bpe.encode("hello world")).containsExactly(31373, 995);
        assertThat(bpe.merges()).hasSize(gpt2Subset().merges().size());
    }

    @Test
    void aMalformedMergeLineNamesFileLineExpectedAndFound(@TempDir Path dir) throws IOException {
        Path merges = dir.resolve("merges.txt");
        Files.writeString(merges, "#version: 0.2\nĠ t\nĠ a x\n");
        assertThatThrownBy(() -> ByteLevelBpe.load(fixture("vocab.json"), merges))
                .isInstanceOf(SeqLabException.class)
                .hasMessageContaining("merges.txt, line 3")
                .hasMessageContaining("expected a merge: two symbols separated by one space")
                .hasMessageContaining("found \"Ġ a x\"")
                .hasMessageContaining("Fix:");
        Files.writeString(merges, "#version: 0.2\nĠ t\n\nĠ a\n");
        assertThatThrownBy(() -> ByteLevelBpe.load(fixture("vocab.json"), merges))
                .hasMessageContaining("line 3").hasMessageContaining("found an empty line");
    }

    @Test
    void aMergeOfSymbolsTheVocabularyLacksIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Path merges = dir.resolve("merges.txt");
        Files.writeString(merges, "#version: 0.2\nĠ t\nq z\n");
        assertThatThrownBy(() -> ByteLevelBpe.load(fixture("vocab.json"), merges))
                .isInstanceOf(SeqLabException.class)
                .hasMessageContaining("line 3").hasMessageContaining("\"qz\", which it lacks");
        Files.writeString(merges, "#version: 0.2\nĠ t\nĠ t\n");
        assertThatThrownBy(() -> ByteLevelBpe.load(fixture("vocab.json"), merges))
                .hasMessageContaining("line 3").hasMessageContaining("already on line 2");
    }

    @Test
    void aVocabularyWithoutAllByteSymbolsIsRefused(@TempDir Path dir) throws IOException {
        Path vocab = dir.resolve("vocab.json");
        Path merges = dir.resolve("merges.txt");
        Files.writeString(vocab, "{\"a\": 0}");
        Files.writeString(merges, "#version: 0.2\n");
        assertThatThrownBy(() -> ByteLevelBpe.load(vocab, merges))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("vocab.json")
                .hasMessageContaining("lacks the byte symbol \"!\"");
    }

    @Test
    void aSpecialTokenThatIsOnePreTokenIsRefused() {
        assertThatThrownBy(() -> ByteLevelBpe.train(List.of("x"), 300, List.of("hello")))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("\"hello\"");
        assertThatThrownBy(() -> ByteLevelBpe.train(List.of("x"), 256, List.of("<|endoftext|>")))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("at least 257");
    }
}
