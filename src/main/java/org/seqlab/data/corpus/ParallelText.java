package org.seqlab.data.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.SeqLabException;

/**
 * A parallel corpus (source and target sentence per line) read from TSV. Extra columns are ignored, so
 * Tatoeba exports read as they are: with {@code src\ttgt\tattribution} the defaults (columns 0 and 1) apply;
 * when the columns are not given and the first line has four or more fields whose first and third are
 * numbers ({@code id1\tsrc\tid2\ttgt}), columns 1 and 3 are used. A row with too few fields or an empty
 * source or target is refused with its line. No header by default ({@link Reader#optHeader}).
 */
public final class ParallelText {
    private final Path file;
    private final List<TextPair> pairs;
    private final int sourceColumn;
    private final int targetColumn;

    private ParallelText(Path file, List<TextPair> pairs, int sourceColumn, int targetColumn) {
        this.file = file;
        this.pairs = List.copyOf(pairs);
        this.sourceColumn = sourceColumn;
        this.targetColumn = targetColumn;
    }

    /** A reader with the defaults of the class comment. */
    public static Reader reader() {
        return new Reader();
    }

    /** {@code reader().read(file)}. */
    public static ParallelText read(Path file) {
        return reader().read(file);
    }

    /** Writes {@code pairs} as {@code source\ttarget} lines without a header, atomically. */
    public static void write(Path file, List<TextPair> pairs) {
        List<List<String>> rows = new ArrayList<>(pairs.size());
        for (TextPair p : pairs) {
            rows.add(List.of(p.source(), p.target()));
        }
        DelimitedFile.write(file, null, rows, '\t');
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The pairs in file order. */
    public List<TextPair> pairs() {
        return pairs;
    }

    /** The 0-based source column used. */
    public int sourceColumn() {
        return sourceColumn;
    }

    /** The 0-based target column used. */
    public int targetColumn() {
        return targetColumn;
    }

    /** Options for reading a parallel TSV; each {@code opt} method returns this reader. */
    public static final class Reader {
        private int source = -1;
        private int target = -1;
        private boolean header;

        private Reader() {
        }

        /** The 0-based source column (default 0, or 1 for a Tatoeba id export). */
        public Reader optSourceColumn(int column) {
            this.source = require(column);
            return this;
        }

        /** The 0-based target column (default 1, or 3 for a Tatoeba id export). */
        public Reader optTargetColumn(int column) {
            this.target = require(column);
            return this;
        }

        /** Whether the first row is a header to skip (default: no). */
        public Reader optHeader(boolean present) {
            this.header = present;
            return this;
        }

        private static int require(int column) {
            if (column < 0) {
                throw new SeqLabException("A column index is 0-based and cannot be negative, got " + column + ".");
            }
            return column;
        }

        /** Reads {@code file}. */
        public ParallelText read(Path file) {
            List<DelimitedFile.Row> rows = DelimitedFile.read(file, '\t');
            if (rows.size() <= (header ? 1 : 0)) {
                throw CorpusFile.empty(file, "lines of a source and a target sentence separated by a tab");
            }
            DelimitedFile.Row first = rows.get(header ? 1 : 0);
            boolean tatoeba = source < 0 && target < 0 && first.size() >= 4 && isNumber(first.field(0))
                    && isNumber(first.field(2));
            int src = source >= 0 ? source : tatoeba ? 1 : 0;
            int tgt = target >= 0 ? target : tatoeba ? 3 : 1;
            if (src == tgt) {
                throw new SeqLabException("The source and target column of " + file + " are the same column (" + src
                        + "); choose different columns.");
            }
            int needed = Math.max(src, tgt) + 1;
            List<TextPair> pairs = new ArrayList<>(rows.size());
            for (int r = header ? 1 : 0; r < rows.size(); r++) {
                DelimitedFile.Row row = rows.get(r);
                if (row.size() < needed) {
                    throw new CorpusException(file, row.line(), "at least " + needed + " tab-separated fields (source"
                            + " in field " + (src + 1) + ", target in field " + (tgt + 1) + ")", row.size() + " field"
                            + (row.size() == 1 ? "" : "s") + ": " + CorpusFile.show(String.join("\t", row.fields())),
                            "separate source and target with a tab (not spaces), or choose the columns");
                }
                String s = row.field(src).strip();
                String t = row.field(tgt).strip();
                if (s.isEmpty() || t.isEmpty()) {
                    int field = (s.isEmpty() ? src : tgt) + 1;
                    throw new CorpusException(file, row.line(), "a " + (s.isEmpty() ? "source" : "target")
                            + " sentence in field " + field, "an empty field", "remove the line or fill in the "
                            + (s.isEmpty() ? "source" : "target"));
                }
                pairs.add(new TextPair(s, t));
            }
            return new ParallelText(file, pairs, src, tgt);
        }

        private static boolean isNumber(String s) {
            return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
        }
    }
}
