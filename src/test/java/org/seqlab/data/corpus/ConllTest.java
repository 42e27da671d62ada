package org.seqlab.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllTest {
    @TempDir
    Path dir;

    private static final String CONLL2003 = "-DOCSTART- -X- -X- O\n\n"
            + "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n. . O O\n\n"
            + "Peter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n\n";

    @Test
    void conll2003Iob1IsReadAsBioSkippingDocstart() {
        Conll c = Conll.read(CorpusFiles.write(dir, "train.txt", CONLL2003));
        assertThat(c.sentenceCount()).isEqualTo(2);
        assertThat(c.readScheme()).contains(TagScheme.IOB1);
        assertThat(c.sentences().get(0)).isEqualTo(new TaggedSentence(List.of("EU", "rejects", "German", "call", "."),
                List.of("B-ORG", "O", "B-MISC", "O", "O")));
        assertThat(c.sentences().get(1).tags()).containsExactly("B-PER", "I-PER");
        assertThat(c.tagSet()).containsExactly("B-MISC", "B-ORG", "B-PER", "I-PER", "O");
        assertThat(c.summary()).isEqualTo("train.txt: 2 sentences, 7 tokens, 5 tags (BIO from IOB1): "
                + "B-MISC 1, B-ORG 1, B-PER 1, I-PER 1, O 3");
    }

    @Test
    void bomCrlfTabsAndManyTrailingBlankLinesAreTolerated() {
        Conll c = Conll.read(CorpusFiles.write(dir, "t.txt", "\uFEFFParis\tB-LOC\r\nis\tO\r\n\r\n\r\n\r\n"));
        assertThat(c.sentences()).containsExactly(new TaggedSentence(List.of("Paris", "is"), List.of("B-LOC", "O")));
    }

    @Test
    void chosenColumnsAndTargetScheme() {
        Conll pos = Conll.reader().optTagColumn(1).optKeepTags().read(CorpusFiles.write(dir, "a.txt", CONLL2003));
        assertThat(pos.sentences().get(0).tags()).containsExactly("NNP", "VBZ", "JJ", "NN", ".");
        assertThat(pos.readScheme()).isEmpty();
        Conll iobes = Conll.reader().optTarget(TagScheme.IOBES).read(dir.resolve("a.txt"));
        assertThat(iobes.sentences().get(1).tags()).containsExactly("B-PER", "E-PER");
        Conll chunks = Conll.reader().optTagColumn(2).read(dir.resolve("a.txt"));
        assertThat(chunks.sentences().get(0).tags()).containsExactly("B-NP", "B-VP", "B-NP", "I-NP", "O");
    }

    @Test
    void conllUCommentsAreSkippedWithTabSeparation() {
        String u = "# sent_id = 1\n# text = New York is big\n"
                + "1\tNew York\tNew York\tPROPN\t_\t_\t3\tnsubj\t_\tB-LOC\n"
                + "2\tis\tbe\tAUX\t_\t_\t3\tcop\t_\tO\n\n";
        Conll c = Conll.reader().optTabSeparated().optTokenColumn(1).read(CorpusFiles.write(dir, "u.conllu", u));
        assertThat(c.sentences()).containsExactly(new TaggedSentence(List.of("New York", "is"), List.of("B-LOC", "O")));
    }

    @Test
    void lineWithOtherColumnCountIsRefusedWithItsLine() {
        Path f = CorpusFiles.write(dir, "bad.txt", "EU NNP B-NP I-ORG\nrejects VBZ O\n");
        assertThatThrownBy(() -> Conll.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("bad.txt, line 2").contains("4 columns like line 1")
                    .contains("found 3 columns").contains("Fix:");
        });
    }

    @Test
    void tagInvalidInTheGivenSchemeIsRefusedWithItsLine() {
        Path f = CorpusFiles.write(dir, "bio.txt", "a O\nb O\n\nc O\nd I-PER\n");
        assertThatThrownBy(() -> Conll.reader().optScheme(TagScheme.BIO).read(f))
                .isInstanceOfSatisfying(CorpusException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.getMessage()).contains("valid in BIO").contains("optScheme");
                });
    }

    @Test
    void posColumnReadAsChunkTagsIsRefusedWithTheFix() {
        Path f = CorpusFiles.write(dir, "p.txt", "EU NNP\n");
        assertThatThrownBy(() -> Conll.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.getMessage()).contains("NNP").contains("optKeepTags");
        });
    }

    @Test
    void emptyFileAndOnlyDocstartAreRefused() {
        assertThatThrownBy(() -> Conll.read(CorpusFiles.write(dir, "e.txt", "")))
                .isInstanceOf(CorpusException.class).hasMessageContaining("empty file");
        assertThatThrownBy(() -> Conll.read(CorpusFiles.write(dir, "d.txt", "-DOCSTART- O\n\n")))
                .isInstanceOf(CorpusException.class);
    }

    @Test
    void writtenSentencesReadBack() {
        List<TaggedSentence> s = List.of(new TaggedSentence(List.of("Ada", "Lovelace", "lived", "in", "London"),
                List.of("B-PER", "I-PER", "O", "O", "B-LOC")), new TaggedSentence(List.of("Hi"), List.of("O")));
        Path f = dir.resolve("w.txt");
        Conll.write(f, s);
        Conll back = Conll.read(f);
        assertThat(back.sentences()).containsExactlyElementsOf(s);
        assertThat(back.readScheme()).contains(TagScheme.BIO);
    }
}
