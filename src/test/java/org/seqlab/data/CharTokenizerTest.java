package org.seqlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.data.tokenize.CharTokenizer;
import org.seqlab.data.tokenize.Vocabulary;

class CharTokenizerTest {

    @Test
    void defaultVocabularyStartsWithSpecialsThenNewlineSpaceAndLetters() {
        CharTokenizer t = CharTokenizer.defaultFor(65);
        Vocabulary v = t.vocabulary();
        assertThat(v.size()).isEqualTo(65);
        assertThat(v.tokens().subList(0, 7)).containsExactly("<pad>", "<unk>", "<bos>", "<eos>", "\n", " ", "a");
        assertThat(t.encode("Hi")).containsExactly(v.id("H"), v.id("i"));
        assertThat(t.encode("~")).containsExactly(v.unkId());
    }

    @Test
    void defaultVocabularyOfOneHundredHoldsAllPrintableAscii() {
        CharTokenizer t = CharTokenizer.defaultFor(100);
        for (char c = 32; c < 127; c++) {
            assertThat(t.encode(String.valueOf(c))[0]).isNotEqualTo(t.vocabulary().unkId());
        }
    }

    @Test
    void decodeOfEncodeIsIdentityForTextInTheVocabularyIncludingEmojiAndCjk() {
        for (String s : new String[] {"", "hello, world", "\u4f60\u597d\u4e16\u754c", "emoji \ud83d\ude00 ok", "a\nb"}) {
            CharTokenizer t = CharTokenizer.fromText(s + "xyz");
            assertThat(t.decode(t.encode(s))).isEqualTo(s);
        }
        assertThat(CharTokenizer.fromText("\ud83d\ude00").encode("\ud83d\ude00")).hasSize(1);
    }

    @Test
    void badIdsAndDuplicatesAreRefusedWithTheValidRange() {
        Vocabulary v = Vocabulary.withSpecials(java.util.List.of("a", "b"));
        assertThatThrownBy(() -> v.token(9)).isInstanceOf(SeqLabException.class).hasMessageContaining("0..5");
        assertThatThrownBy(() -> Vocabulary.withSpecials(java.util.List.of("a", "a")))
                .hasMessageContaining("twice");
    }
}
