package org.seqlab.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelTextTest {
    @TempDir
    Path dir;

    @Test
    void attributionColumnIsIgnoredWithBomCrlfAndTrailingBlankLine() {
        Path f = CorpusFiles.write(dir, "fra.txt", "\uFEFFGo.\tVa !\tCC-BY 2.0 (France) #2877272\r\n"
                + "Hi.\tSalut !\tCC-BY 2.0 (France) #538123\r\n\r\n");
        ParallelText p = ParallelText.read(f);
        assertThat(p.pairs()).containsExactly(new TextPair("Go.", "Va !"), new TextPair("Hi.", "Salut !"));
    }

    @Test
    void tatoebaIdExportUsesColumnsOneAndThree() {
        Path f = CorpusFiles.write(dir, "pairs.tsv", "1276\tLet's try something.\t4986\tLass uns etwas versuchen.\n"
                + "1277\tI have to go.\t5046\tIch muss gehen.\n");
        ParallelText p = ParallelText.read(f);
        assertThat(p.sourceColumn()).isEqualTo(1);
        assertThat(p.targetColumn()).isEqualTo(3);
        assertThat(p.pairs()).first().isEqualTo(new TextPair("Let's try something.", "Lass uns etwas versuchen."));
    }

    @Test
    void chosenColumnsAndHeader() {
        Path f = CorpusFiles.write(dir, "c.tsv", "de\ten\tnote\nHallo\tHello\tx\n");
        ParallelText p = ParallelText.reader().optHeader(true).optSourceColumn(1).optTargetColumn(0).read(f);
        assertThat(p.pairs()).containsExactly(new TextPair("Hello", "Hallo"));
    }

    @Test
    void emptyTargetIsRefusedWithItsLine() {
        Path f = CorpusFiles.write(dir, "e.tsv", "a\tb\nc\t \n");
        assertThatThrownBy(() -> ParallelText.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("e.tsv, line 2").contains("target").contains("empty field");
        });
    }

    @Test
    void lineWithoutTabIsRefusedWithItsLine() {
        Path f = CorpusFiles.write(dir, "s.tsv", "a\tb\nc d  e\n");
        assertThatThrownBy(() -> ParallelText.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("at least 2 tab-separated fields").contains("found 1 field")
                    .contains("not spaces");
        });
    }

    @Test
    void emptyFileIsRefused() {
        Path f = CorpusFiles.write(dir, "empty.tsv", "\n");
        assertThatThrownBy(() -> ParallelText.read(f)).isInstanceOf(CorpusException.class)
                .hasMessageContaining("empty file");
    }

    @Test
    void writtenPairsReadBack() {
        List<TextPair> pairs = List.of(new TextPair("the cat", "le chat"), new TextPair("\"hi\"", "« salut »"));
        Path f = dir.resolve("w.tsv");
        ParallelText.write(f, pairs);
        assertThat(ParallelText.read(f).pairs()).containsExactlyElementsOf(pairs);
    }
}
