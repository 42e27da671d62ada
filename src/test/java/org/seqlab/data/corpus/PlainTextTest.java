package org.seqlab.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqLabException;

class PlainTextTest {
    @TempDir
    Path dir;

    @Test
    void bomCrlfAndTrailingBlankLineAreTolerated() {
        Path f = CorpusFiles.write(dir, "a.txt", "\uFEFFfirst line\r\nsecond\r\n\r\n");
        PlainText t = PlainText.read(f);
        assertThat(t.lines()).containsExactly("first line", "second");
        assertThat(t.text()).isEqualTo("first line\nsecond\n\n");
    }

    @Test
    void blankLinesBetweenLinesAreKept() {
        PlainText t = PlainText.read(CorpusFiles.write(dir, "a.txt", "a\n\nb\n"));
        assertThat(t.lines()).containsExactly("a", "", "b");
    }

    @Test
    void emptyFileIsRefusedNamingTheFile() {
        Path f = CorpusFiles.write(dir, "empty.txt", "\uFEFF\n\n");
        assertThatThrownBy(() -> PlainText.read(f)).isInstanceOf(CorpusException.class)
                .hasMessageContaining("empty.txt").hasMessageContaining("empty file").hasMessageContaining("Fix:");
    }

    @Test
    void invalidUtf8IsRefusedWithItsLine() {
        Path f = CorpusFiles.writeBytes(dir, "latin.txt", new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> PlainText.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("latin.txt, line 2").contains("UTF-8").contains("0xE9")
                    .contains("iconv");
        });
    }

    @Test
    void nulCharacterIsRefusedWithItsLine() {
        Path f = CorpusFiles.write(dir, "bin.txt", "a\nb\nc\0d\n");
        assertThatThrownBy(() -> PlainText.read(f)).isInstanceOfSatisfying(CorpusException.class,
                e -> assertThat(e.line()).isEqualTo(3));
    }

    @Test
    void missingFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> PlainText.read(dir.resolve("nope.txt"))).isInstanceOf(CorpusException.class)
                .hasMessageContaining("nope.txt").hasMessageContaining("cannot be read");
    }

    @Test
    void textSplitKeepsTheLastFractionForValidation() {
        PlainText t = PlainText.read(CorpusFiles.write(dir, "a.txt", "abcdefghij"));
        Split<String> s = t.splitText(0.2);
        assertThat(s.train()).isEqualTo("abcdefgh");
        assertThat(s.validation()).isEqualTo("ij");
    }

    @Test
    void textSplitNeverCutsASurrogatePair() {
        PlainText t = PlainText.read(CorpusFiles.write(dir, "a.txt", "abc\uD83D\uDE00"));   // 5 chars, emoji last two
        Split<String> s = t.splitText(0.2);   // k = 1 would cut inside the emoji
        assertThat(s.train()).isEqualTo("abc");
        assertThat(s.validation()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void lineSplitTakesTheLastLinesOrSeededLinesInFileOrder() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("line " + i);
        }
        Path f = dir.resolve("l.txt");
        PlainText.write(f, lines);
        PlainText t = PlainText.read(f);
        assertThat(t.splitLines(0.25).validation()).containsExactlyElementsOf(lines.subList(15, 20));
        assertThat(t.splitLines(0.25).train()).containsExactlyElementsOf(lines.subList(0, 15));

        Split<List<String>> a = t.splitLines(0.25, 7);
        assertThat(a).isEqualTo(t.splitLines(0.25, 7));
        assertThat(a.validation()).hasSize(5).isSortedAccordingTo((x, y) -> lines.indexOf(x) - lines.indexOf(y));
        assertThat(a.train()).hasSize(15).doesNotContainAnyElementsOf(a.validation());
        assertThat(a.validation()).isNotEqualTo(t.splitLines(0.25, 8).validation());
    }

    @Test
    void splitThatLeavesNoTrainingDataIsRefused() {
        PlainText t = PlainText.read(CorpusFiles.write(dir, "one.txt", "only\n"));
        assertThatThrownBy(() -> t.splitLines(0.1)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("no training data");
        assertThatThrownBy(() -> t.splitText(1.0)).hasMessageContaining("below 1");
        assertThat(t.splitLines(0).validation()).isEmpty();
    }
}
