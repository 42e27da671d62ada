package org.seqlab.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqLabException;

class CorpusDelimitedFileTest {
    @TempDir
    Path dir;

    @Test
    void csvRowsRecordTheLineTheyStartOn() {
        Path f = CorpusFiles.write(dir, "r.csv", "a,\"b\r\nc\r\nd\",e\r\nf,g\r\n");
        List<DelimitedFile.Row> rows = DelimitedFile.read(f, ',');
        assertThat(rows).containsExactly(new DelimitedFile.Row(1, List.of("a", "b\nc\nd", "e")),
                new DelimitedFile.Row(4, List.of("f", "g")));
    }

    @Test
    void csvKeepsEmptyFieldsAndBareQuotesInsideUnquotedFields() {
        Path f = CorpusFiles.write(dir, "e.csv", "a,,\"\"\n5\" screen,ok\n");
        assertThat(DelimitedFile.read(f, ',')).extracting(DelimitedFile.Row::fields)
                .containsExactly(List.of("a", "", ""), List.of("5\" screen", "ok"));
    }

    @Test
    void tsvHasNoQuoting() {
        Path f = CorpusFiles.write(dir, "t.tsv", "\"quoted, not special\"\tx\n");
        assertThat(DelimitedFile.read(f, '\t').get(0).fields()).containsExactly("\"quoted, not special\"", "x");
    }

    @Test
    void delimiterIsDetectedFromTheFirstLine() {
        assertThat(DelimitedFile.detectDelimiter(CorpusFiles.write(dir, "a", "x\ty,z\n"))).isEqualTo('\t');
        assertThat(DelimitedFile.detectDelimiter(CorpusFiles.write(dir, "b", "x,y\n"))).isEqualTo(',');
        assertThatThrownBy(() -> DelimitedFile.detectDelimiter(CorpusFiles.write(dir, "c", "just words\n")))
                .isInstanceOfSatisfying(CorpusException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("neither").contains("give the delimiter");
                });
    }

    @Test
    void formattedRowsReadBackAndTsvRefusesWhatItCannotQuote() {
        List<String> fields = List.of("plain", "with, comma", "say \"hi\"", "two\nlines", "");
        Path f = dir.resolve("w.csv");
        DelimitedFile.write(f, null, List.of(fields), ',');
        assertThat(DelimitedFile.read(f, ',').get(0).fields()).isEqualTo(fields);
        assertThatThrownBy(() -> DelimitedFile.formatRow(List.of("a\tb"), '\t')).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("TSV cannot quote");
    }

    @Test
    void exceptionMessageNamesFileLineExpectedFoundAndFix() {
        CorpusException e = new CorpusException(Path.of("data/x.tsv"), 7, "2 fields", "1 field", "add a tab");
        assertThat(e.getMessage()).isEqualTo("data/x.tsv, line 7: expected 2 fields, found 1 field. Fix: add a tab");
        assertThat(e.file()).isEqualTo(Path.of("data/x.tsv"));
        assertThat(e).isInstanceOf(SeqLabException.class);
    }
}
