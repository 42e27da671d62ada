package org.seqlab.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledTextTest {
    @TempDir
    Path dir;

    @Test
    void sst2StyleTsvWithHeaderReadsTextAndLabels() {
        Path f = CorpusFiles.write(dir, "train.tsv", "sentence\tlabel\nhide new secretions \t0\n"
                + "the greatest \"musicals\" \t1\nit 's a charming journey \t1\n");
        LabelledText t = LabelledText.read(f);
        assertThat(t.hasHeader()).isTrue();
        assertThat(t.delimiter()).isEqualTo('\t');
        assertThat(t.labelNames()).containsExactly("0", "1");
        assertThat(t.examples()).containsExactly(new LabelledExample("hide new secretions ", 0),
                new LabelledExample("the greatest \"musicals\" ", 1), new LabelledExample("it 's a charming journey ", 1));
    }

    @Test
    void imdbStyleCsvWithQuotedCommasDoubledQuotesAndLineBreaks() {
        Path f = CorpusFiles.write(dir, "imdb.csv", "\uFEFFreview,sentiment\r\n"
                + "\"One of the best, really.\",positive\r\n"
                + "\"He said \"\"meh\"\"\r\nand left.\",negative\r\n"
                + "Plain review,positive\r\n\r\n");
        LabelledText t = LabelledText.read(f);
        assertThat(t.delimiter()).isEqualTo(',');
        assertThat(t.labelNames()).containsExactly("positive", "negative");
        assertThat(t.examples()).containsExactly(new LabelledExample("One of the best, really.", 0),
                new LabelledExample("He said \"meh\"\nand left.", 1), new LabelledExample("Plain review", 0));
    }

    @Test
    void lineNumbersCountPhysicalLinesAfterAQuotedLineBreak() {
        Path f = CorpusFiles.write(dir, "bad.csv", "text,label\n\"two\nlines\",a\nno label here\n");
        assertThatThrownBy(() -> LabelledText.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.getMessage()).contains("bad.csv, line 4").contains("expected at least 2 fields")
                    .contains("found 1 field").contains("\"no label here\"").contains("Fix:");
        });
    }

    @Test
    void headerIsDetectedAbsentWhenTheFirstLabelRepeats() {
        Path f = CorpusFiles.write(dir, "nohead.tsv", "good film\tpos\nbad film\tneg\nfine film\tpos\n");
        LabelledText t = LabelledText.read(f);
        assertThat(t.hasHeader()).isFalse();
        assertThat(t.examples()).hasSize(3);
        assertThat(t.labelNames()).containsExactly("pos", "neg");
    }

    @Test
    void headerCanBeForcedEitherWay() {
        Path f = CorpusFiles.write(dir, "h.tsv", "a\tx\nb\ty\n");
        assertThat(LabelledText.reader().optHeader(HeaderMode.ABSENT).read(f).examples()).hasSize(2);
        assertThat(LabelledText.reader().optHeader(HeaderMode.PRESENT).read(f).examples())
                .containsExactly(new LabelledExample("b", 0));
    }

    @Test
    void columnsChosenByNameOrIndexAndExtraColumnsIgnored() {
        Path f = CorpusFiles.write(dir, "multi.tsv", "id\tlabel\tsource\ttext\n1\tpos\tweb\tnice\n2\tneg\tweb\tugly\n");
        LabelledText byName = LabelledText.reader().optLabelColumn("label").optTextColumn("text").read(f);
        assertThat(byName.examples()).containsExactly(new LabelledExample("nice", 0), new LabelledExample("ugly", 1));
        LabelledText defaults = LabelledText.read(f);   // header detected; "label" and "text" columns found by name
        assertThat(defaults.labelColumn()).isEqualTo(1);
        assertThat(defaults.textColumn()).isEqualTo(3);
        LabelledText byIndex = LabelledText.reader().optHeader(HeaderMode.PRESENT).optLabelColumn(2)
                .optTextColumn(3).read(f);
        assertThat(byIndex.examples()).containsExactly(new LabelledExample("nice", 0), new LabelledExample("ugly", 0));
        assertThat(byIndex.labelNames()).containsExactly("web");
    }

    @Test
    void labelFirstColumnTakesTheOtherColumnAsText() {
        Path f = CorpusFiles.write(dir, "lf.csv", "1,great\n0,awful\n1,fine\n");
        LabelledText t = LabelledText.reader().optLabelColumn(0).read(f);
        assertThat(t.textColumn()).isEqualTo(1);
        assertThat(t.examples()).first().isEqualTo(new LabelledExample("great", 0));
    }

    @Test
    void givenLabelListFixesIdsAndRefusesUnknownLabelsWithTheLine() {
        Path f = CorpusFiles.write(dir, "l.tsv", "text\tlabel\nok\tpositive\nno\tnegative\nhm\tneutral\n");
        assertThatThrownBy(() -> LabelledText.reader().optLabels(List.of("negative", "positive")).read(f))
                .isInstanceOfSatisfying(CorpusException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).contains("neutral").contains("[negative, positive]");
                });
        Path g = CorpusFiles.write(dir, "m.tsv", "ok\tpositive\nno\tnegative\n");
        LabelledText t = LabelledText.reader().optLabels(List.of("negative", "positive")).read(g);
        assertThat(t.hasHeader()).isFalse();
        assertThat(t.examples()).containsExactly(new LabelledExample("ok", 1), new LabelledExample("no", 0));
    }

    @Test
    void unknownColumnNameIsRefusedListingTheHeader() {
        Path f = CorpusFiles.write(dir, "n.tsv", "sentence\tlabel\na\t0\n");
        assertThatThrownBy(() -> LabelledText.reader().optLabelColumn("sentiment").read(f))
                .hasMessageContaining("line 1").hasMessageContaining("[sentence, label]");
    }

    @Test
    void unterminatedQuoteIsRefusedAtTheLineItOpens() {
        Path f = CorpusFiles.write(dir, "q.csv", "text,label\n\"fine\",a\n\"never closed,b\nmore,a\n");
        assertThatThrownBy(() -> LabelledText.read(f)).isInstanceOfSatisfying(CorpusException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.getMessage()).contains("closing double quote").contains("end of the file");
        });
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        Path f = CorpusFiles.write(dir, "q.csv", "text,label\n\"a\"b,x\n");
        assertThatThrownBy(() -> LabelledText.read(f)).isInstanceOfSatisfying(CorpusException.class,
                e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void blankLineInTheMiddleAndEmptyFieldsAreRefusedWithTheirLine() {
        Path blank = CorpusFiles.write(dir, "b.tsv", "a\tx\n\nb\ty\n");
        assertThatThrownBy(() -> LabelledText.read(blank)).isInstanceOfSatisfying(CorpusException.class,
                e -> assertThat(e.line()).isEqualTo(2));
        Path emptyText = CorpusFiles.write(dir, "e.tsv", "a\tx\n\ty\nc\tx\n");
        assertThatThrownBy(() -> LabelledText.read(emptyText)).isInstanceOfSatisfying(CorpusException.class,
                e -> assertThat(e.getMessage()).contains("line 2").contains("a text in field 1"));
    }

    @Test
    void emptyFileAndHeaderOnlyFileAreRefused() {
        Path empty = CorpusFiles.write(dir, "empty.csv", "");
        assertThatThrownBy(() -> LabelledText.reader().optDelimiter(',').read(empty))
                .hasMessageContaining("empty file");
        assertThatThrownBy(() -> LabelledText.read(empty)).isInstanceOf(CorpusException.class);
        Path head = CorpusFiles.write(dir, "head.tsv", "text\tlabel\n");
        assertThatThrownBy(() -> LabelledText.reader().optHeader(HeaderMode.PRESENT).read(head))
                .hasMessageContaining("only the header");
    }

    @Test
    void writtenFileReadsBackWithTheSameIds() {
        List<LabelledExample> ex = List.of(new LabelledExample("I liked it, a lot", 1),
                new LabelledExample("He said \"no\"", 0));
        for (String name : List.of("w.tsv", "w.csv")) {
            Path f = dir.resolve(name);
            LabelledText.write(f, ex, List.of("negative", "positive"));
            LabelledText back = LabelledText.reader().optLabels(List.of("negative", "positive")).read(f);
            assertThat(back.examples()).as(name).containsExactlyElementsOf(ex);
            assertThat(back.hasHeader()).isTrue();
        }
    }
}
