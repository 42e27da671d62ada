package org.seqlab.data.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;

class WordTokenizerTest {

    @Test
    void splitsAtWhitespaceAndMakesEachPunctuationCharacterAToken() {
        assertThat(WordTokenizer.split("Hello,  world!! I can't\tstop...", false))
                .containsExactly("Hello", ",", "world", "!", "!", "I", "can", "'", "t", "stop", ".", ".", ".");
        assertThat(WordTokenizer.split("naïve café (snake_case) 3.14", false))
                .containsExactly("naïve", "café", "(", "snake", "_", "case", ")", "3", ".", "14");
        assertThat(WordTokenizer.split("", false)).isEmpty();
        assertThat(WordTokenizer.split("Ünïcode ÀB", true)).containsExactly("ünïcode", "àb");
    }

    @Test
    void vocabularyKeepsWordsOfAtLeastMinCountMostFrequentFirstUpToMaxSize() {
        List<String> corpus = List.of("the cat and the dog", "the dog and a bird", "a cat");
        WordTokenizer t = WordTokenizer.train(corpus, 2, 100, false);
        // the x3; a, and, cat, dog x2 (alphabetical among equals); bird x1 is below minCount.
        assertThat(t.vocabulary().tokens()).containsExactly("<pad>", "<unk>", "<bos>", "<eos>", "the", "a", "and",
                "cat", "dog");
        WordTokenizer small = WordTokenizer.train(corpus, 1, 6, false);
        assertThat(small.vocabulary().tokens()).containsExactly("<pad>", "<unk>", "<bos>", "<eos>", "the", "a");
    }

    @Test
    void unknownWordsEncodeAsUnkAndDecodeVisibly() {
        WordTokenizer t = WordTokenizer.train(List.of("the cat sat"), 1, 100, true);
        int[] ids = t.encode("The DOG sat.");
        assertThat(ids).containsExactly(t.vocabulary().id("the"), t.vocabulary().unkId(), t.vocabulary().id("sat"),
                t.vocabulary().unkId());
        assertThat(t.decode(ids)).isEqualTo("the <unk> sat <unk>");
    }

    @Test
    void decodeRestoresTheTextUpToSpacing() {
        WordTokenizer t = WordTokenizer.train(List.of("Hello, world! 你好 世界"), 1, 100, false);
        assertThat(t.decode(t.encode("Hello, world!"))).isEqualTo("Hello , world !");
        assertThat(t.decode(t.encode("你好  世界"))).isEqualTo("你好 世界");
        assertThat(t.decode(t.encode(""))).isEmpty();
        Vocabulary v = t.vocabulary();
        assertThat(t.decode(new int[] {v.id("<bos>"), v.id("Hello"), v.id("<eos>"), v.padId()})).isEqualTo("Hello");
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> WordTokenizer.train(List.of("a"), 0, 10, false)).isInstanceOf(SeqLabException.class);
        assertThatThrownBy(() -> WordTokenizer.train(List.of("a"), 1, 3, false))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("at least 4");
        assertThatThrownBy(() -> new WordTokenizer(new Vocabulary(List.of("a"), null, null), false))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("unknown token");
    }
}
