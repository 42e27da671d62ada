package org.seqlab.data.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqLabException;

/** Goldens worked out by hand from BERT's BasicTokenizer and WordpieceTokenizer. */
class WordPieceTest {
    private static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff",
            "##able", "want", "##ed", "runn", "##ing", ",", ".", "hello", "world", "你", "好", "hel", "##lo", "a");

    @TempDir
    Path dir;

    private WordPiece lower;

    @BeforeEach
    void setUp() {
        lower = new WordPiece(VOCAB, true);
    }

    @Test
    void cutsWordsIntoTheLongestPiecesFromTheStart() {
        assertThat(lower.tokenize("UnAffable")).containsExactly("un", "##aff", "##able");
        assertThat(lower.tokenize("wanted running")).containsExactly("want", "##ed", "runn", "##ing");
        // "hello" is a whole piece, preferred over hel + ##lo
        assertThat(lower.tokenize("hello")).containsExactly("hello");
        assertThat(lower.tokenize("unwanted")).containsExactly("[UNK]");        // un + ##want is not in the vocabulary
    }

    @Test
    void splitsPunctuationStripsAccentsAndMarksUnknownWordsWhole() {
        assertThat(lower.tokenize("Héllo, world!")).containsExactly("hello", ",", "world", "[UNK]");
        assertThat(new WordPiece(VOCAB, false).tokenize("Hello")).containsExactly("[UNK]");   // case kept
        assertThat(WordPiece.basicTokenize("Hi,there...  ok", true)).containsExactly("hi", ",", "there", ".", ".",
                ".", "ok");
    }

    @Test
    void splitsEveryCjkIdeographAndCopesWithEmojiAndControls() {
        assertThat(lower.tokenize("你好吗")).containsExactly("你", "好", "[UNK]");
        assertThat(lower.tokenize("a😀b")).containsExactly("[UNK]");
        assertThat(WordPiece.basicTokenize("a\u0000b\tc\u200Bd\uFFFDe", false)).containsExactly("ab", "cde");
        assertThat(lower.tokenize("")).isEmpty();
        assertThat(lower.tokenize("   \n ")).isEmpty();
    }

    @Test
    void keepsSpecialTokensWholeAndUnlowered() {
        assertThat(lower.tokenize("[CLS] hello [SEP]world[MASK]")).containsExactly("[CLS]", "hello", "[SEP]", "world",
                "[MASK]");
        assertThat(lower.encode("[CLS] hello [SEP]")).containsExactly(2, 14, 3);
        assertThat(lower.clsId()).isEqualTo(2);
        assertThat(lower.sepId()).isEqualTo(3);
        assertThat(lower.maskId()).isEqualTo(4);
        assertThat(lower.padId()).isZero();
        assertThat(lower.unkId()).isEqualTo(1);
    }

    @Test
    void decodeGluesContinuationPiecesAndDropsPadding() {
        int[] ids = lower.encode("unaffable wanted, hello");
        assertThat(lower.decode(ids)).isEqualTo("unaffable wanted , hello");
        assertThat(lower.decode(new int[] {0, 14, 0})).isEqualTo("hello");
        assertThatThrownBy(() -> lower.decode(new int[] {99})).hasMessageContaining("outside");
    }

    @Test
    void loadsVocabTxtWithBomCrlfAndATrailingBlankLine() throws Exception {
        Path f = dir.resolve("vocab.txt");
        Files.write(f, ("\uFEFF" + String.join("\r\n", VOCAB) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        WordPiece w = WordPiece.load(f, true);
        assertThat(w.vocabularySize()).isEqualTo(VOCAB.size());
        assertThat(w.tokenize("UnAffable")).containsExactly("un", "##aff", "##able");
        Path g = dir.resolve("saved.txt");
        w.save(g);
        assertThat(WordPiece.load(g, true).vocabulary().tokens()).isEqualTo(VOCAB);
    }

    @Test
    void refusesMalformedVocabularies() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> WordPiece.load(empty, true)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("empty.txt, line 1").hasMessageContaining("an empty file");
        Path dup = dir.resolve("dup.txt");
        Files.writeString(dup, "[PAD]\n[UNK]\nhello\nworld\nhello\n");
        assertThatThrownBy(() -> WordPiece.load(dup, true)).hasMessageContaining("dup.txt, line 5")
                .hasMessageContaining("first on line 3");
        Path noUnk = dir.resolve("nounk.txt");
        Files.writeString(noUnk, "[PAD]\nhello\n");
        assertThatThrownBy(() -> WordPiece.load(noUnk, true)).hasMessageContaining("[UNK]")
                .hasMessageContaining("nounk.txt");
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, "[UNK]\n\nhello\n");
        assertThatThrownBy(() -> WordPiece.load(blank, true)).hasMessageContaining("blank.txt, line 2");
    }

    @Test
    void trainsADeterministicVocabularyThatRoundTripsItsCorpus() {
        List<String> corpus = List.of("the cat sat on the mat", "the cats are sitting", "a dog sat, the dog ran.",
                "running dogs and sitting cats", "猫 和 狗");
        WordPiece a = WordPiece.train(corpus, 60, true);
        WordPiece b = WordPiece.train(corpus, 60, true);
        assertThat(a.vocabulary().tokens()).isEqualTo(b.vocabulary().tokens());
        assertThat(a.vocabularySize()).isEqualTo(60);
        assertThat(a.vocabulary().tokens().subList(0, 5)).isEqualTo(WordPiece.SPECIALS);
        assertThat(a.vocabulary().tokens()).contains("t", "##t", "c", "##a", "猫", ",");
        for (String s : corpus) {
            assertThat(a.decode(a.encode(s))).isEqualTo(String.join(" ", WordPiece.basicTokenize(s, true)));
            assertThat(a.tokenize(s)).doesNotContain("[UNK]");
        }
        // frequent words become single pieces
        assertThat(a.tokenize("the")).containsExactly("the");
        // a corpus that allows no more merges stops early
        assertThat(WordPiece.train(List.of("ab"), 1000, true).vocabulary().tokens()).containsExactly("[PAD]", "[UNK]",
                "[CLS]", "[SEP]", "[MASK]", "##b", "a", "ab");
    }
}
