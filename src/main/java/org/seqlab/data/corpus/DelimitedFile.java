package org.seqlab.data.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.SeqLabException;

/**
 * Rows of fields from a delimited text file, each with the line it starts on; the table reading that
 * {@link LabelledText}, {@link ParallelText} and the synthetic tasks share.
 *
 * <p>With a tab delimiter (TSV) a line is one row and fields are split at every tab, without quoting (the
 * way SST-2 and Tatoeba export: a {@code "} in a field is an ordinary character). With any other delimiter
 * (CSV) fields follow RFC 4180: a field in double quotes may hold the delimiter, line breaks and doubled
 * quotes ({@code ""} = one {@code "}); a quote inside an unquoted field is kept as an ordinary character.
 * Both tolerate a UTF-8 BOM, CRLF line breaks and trailing blank lines; a blank line between rows is refused.
 */
public final class DelimitedFile {

    /** One row: the 1-based line it starts on and its fields, in file order. */
    public record Row(int line, List<String> fields) {
        /** Copies the field list. */
        public Row {
            fields = List.copyOf(fields);
        }

        /** The field at {@code index} (0-based). */
        public String field(int index) {
            return fields.get(index);
        }

        /** The number of fields. */
        public int size() {
            return fields.size();
        }
    }

    private DelimitedFile() {
    }

    /**
     * The delimiter of {@code file}: a tab when its first line holds a tab, otherwise a comma when it holds
     * a comma; refuses a first line with neither.
     */
    public static char detectDelimiter(Path file) {
        List<String> lines = CorpusFile.lines(file);
        CorpusFile.requireContent(file, lines, "rows of tab- or comma-separated fields");
        String first = lines.get(0);
        if (first.indexOf('\t') >= 0) {
            return '\t';
        }
        if (first.indexOf(',') >= 0) {
            return ',';
        }
        throw new CorpusException(file, 1, "a tab or a comma between the fields of the first line",
                "neither in " + CorpusFile.show(first), "separate the fields with tabs (TSV) or commas (CSV), "
                        + "or give the delimiter explicitly");
    }

    /** The rows of {@code file}; an empty file gives no rows. See the class comment for quoting. */
    public static List<Row> read(Path file, char delimiter) {
        if (delimiter == '\n' || delimiter == '\r' || delimiter == '"') {
            throw new SeqLabException("A field delimiter cannot be a line break or a double quote (got "
                    + describe(delimiter) + "); use a tab or a comma.");
        }
        String text = CorpusFile.text(file);
        return delimiter == '\t' ? readTsv(file, text) : readCsv(file, text, delimiter);
    }

    /**
     * One row as {@link #read} reads it back, without the line break. TSV fields may not hold a tab or a line
     * break (there is no quoting); CSV fields are quoted when they hold the delimiter, a quote or a line break.
     */
    public static String formatRow(List<String> fields, char delimiter) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) {
                sb.append(delimiter);
            }
            if (delimiter == '\t') {
                if (f.indexOf('\t') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                    throw new SeqLabException("Cannot write the field " + CorpusFile.show(f) + " to a TSV file: it "
                            + "holds a tab or a line break, which TSV cannot quote; replace them or write CSV.");
                }
                sb.append(f);
            } else if (f.indexOf(delimiter) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
                    || f.indexOf('\r') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.toString();
    }

    /** Writes a header (may be null) and rows atomically in the format {@link #read} reads. */
    public static void write(Path file, List<String> header, List<List<String>> rows, char delimiter) {
        StringBuilder sb = new StringBuilder();
        if (header != null) {
            sb.append(formatRow(header, delimiter)).append('\n');
        }
        for (List<String> row : rows) {
            sb.append(formatRow(row, delimiter)).append('\n');
        }
        CorpusFile.write(file, sb.toString());
    }

    static String describe(char delimiter) {
        return delimiter == '\t' ? "a tab" : "'" + delimiter + "'";
    }

    private static List<Row> readTsv(Path file, String text) {
        List<String> lines = CorpusFile.lines(text);
        List<Row> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                throw blankLine(file, i + 1);
            }
            rows.add(new Row(i + 1, List.of(line.split("\t", -1))));
        }
        return rows;
    }

    private static List<Row> readCsv(Path file, String text, char delimiter) {
        List<Row> rows = new ArrayList<>();
        List<Integer> blanks = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            int startLine = line;
            int end = text.indexOf('\n', i);
            String raw = text.substring(i, end < 0 ? n : end);
            if (raw.isBlank()) {
                blanks.add(startLine);
                i = end < 0 ? n : end + 1;
                line++;
                continue;
            }
            if (!blanks.isEmpty()) {
                throw blankLine(file, blanks.get(0));
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                field.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    int quoteLine = line;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new CorpusException(file, quoteLine, "a closing double quote for the field opened"
                                    + " on this line", "the end of the file", "close the quoted field with \", and"
                                    + " write a quote inside a quoted field as \"\"");
                        }
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    if (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n') {
                        throw new CorpusException(file, line, describe(delimiter) + " or the end of the line after"
                                + " the closing quote of a field", "'" + text.charAt(i) + "'", "write a quote inside"
                                + " a quoted field as \"\" (RFC 4180), or quote the whole field");
                    }
                } else {
                    while (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n') {
                        field.append(text.charAt(i));
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i < n && text.charAt(i) == delimiter) {
                    i++;
                } else {
                    if (i < n) {
                        i++;
                        line++;
                    }
                    endOfRecord = true;
                }
            }
            rows.add(new Row(startLine, fields));
        }
        return rows;
    }

    private static CorpusException blankLine(Path file, int line) {
        return new CorpusException(file, line, "a row of fields", "a blank line",
                "delete the blank line (blank lines are allowed only at the end of the file)");
    }
}
