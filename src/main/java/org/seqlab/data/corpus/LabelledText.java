package org.seqlab.data.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.seqlab.SeqLabException;

/**
 * A text classification corpus read from a TSV or CSV table: one example per row, a text column and a
 * label column, extra columns ignored. Reads SST-2 ({@code sentence\tlabel} with a header) and IMDB-style
 * CSV ({@code review,sentiment} with quoted reviews) as they are distributed.
 *
 * <ul>
 *   <li><b>Delimiter</b>: given, or detected from the first line (a tab if it holds one, else a comma);
 *       CSV follows RFC 4180 quoting, see {@link DelimitedFile}.</li>
 *   <li><b>Header</b>: given, or detected. A column chosen by name implies a header. Otherwise the first row
 *       is a header when its cell in the label column occurs in no other row's label column (a data row's
 *       label repeats in any set with more examples than classes) and, when label names are given, is not
 *       one of them. A file of one row has no header.</li>
 *   <li><b>Label column</b>: by name or 0-based index; by default the header column named
 *       {@code label}, {@code labels}, {@code sentiment}, {@code class}, {@code category} or {@code polarity},
 *       else the last column.</li>
 *   <li><b>Text column</b>: by name or index; by default the other column of a two-column file, else the
 *       header column named {@code text}, {@code sentence}, {@code review}, {@code content} or
 *       {@code document}, else the first column that is not the label column.</li>
 *   <li><b>Label ids</b>: in order of first appearance, or the index in a given list of label names (a label
 *       not in the list is refused).</li>
 * </ul>
 * Rows with an empty text or label, or too few fields for the chosen columns, are refused with their line.
 */
public final class LabelledText {
    private static final List<String> LABEL_NAMES = List.of("label", "labels", "sentiment", "class", "category",
            "polarity");
    private static final List<String> TEXT_NAMES = List.of("text", "sentence", "review", "content", "document");

    private final Path file;
    private final List<LabelledExample> examples;
    private final List<String> labelNames;
    private final boolean header;
    private final int textColumn;
    private final int labelColumn;
    private final char delimiter;

    private LabelledText(Path file, List<LabelledExample> examples, List<String> labelNames, boolean header,
            int textColumn, int labelColumn, char delimiter) {
        this.file = file;
        this.examples = List.copyOf(examples);
        this.labelNames = List.copyOf(labelNames);
        this.header = header;
        this.textColumn = textColumn;
        this.labelColumn = labelColumn;
        this.delimiter = delimiter;
    }

    /** A reader with every option at its default (see the class comment). */
    public static Reader reader() {
        return new Reader();
    }

    /** {@code reader().read(file)}: everything detected. */
    public static LabelledText read(Path file) {
        return reader().read(file);
    }

    /**
     * Writes {@code examples} with a {@code text,label} header, labels as their names, in the format this
     * class reads: CSV when the file name ends in {@code .csv}, otherwise TSV. Atomic.
     */
    public static void write(Path file, List<LabelledExample> examples, List<String> labelNames) {
        char delim = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? ',' : '\t';
        List<List<String>> rows = new ArrayList<>(examples.size());
        for (LabelledExample e : examples) {
            if (e.label() >= labelNames.size()) {
                throw new SeqLabException("Cannot write label id " + e.label() + " of " + CorpusFile.show(e.text())
                        + ": only " + labelNames.size() + " label names were given (" + labelNames + ").");
            }
            rows.add(List.of(e.text(), labelNames.get(e.label())));
        }
        DelimitedFile.write(file, List.of("text", "label"), rows, delim);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The examples in file order. */
    public List<LabelledExample> examples() {
        return examples;
    }

    /** The label names; a label id is an index into this list. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Whether the first row was read as a header. */
    public boolean hasHeader() {
        return header;
    }

    /** The 0-based text column. */
    public int textColumn() {
        return textColumn;
    }

    /** The 0-based label column. */
    public int labelColumn() {
        return labelColumn;
    }

    /** The delimiter used. */
    public char delimiter() {
        return delimiter;
    }

    /** Options for reading a labelled table; each {@code opt} method returns this reader. */
    public static final class Reader {
        private Character delimiter;
        private HeaderMode headerMode = HeaderMode.DETECT;
        private String labelName;
        private int labelIndex = -1;
        private String textName;
        private int textIndex = -1;
        private List<String> labels;

        private Reader() {
        }

        /** The field delimiter (tab for TSV, comma for CSV) instead of detecting it. */
        public Reader optDelimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** Whether the first row is a header, instead of detecting it. */
        public Reader optHeader(HeaderMode mode) {
            this.headerMode = mode;
            return this;
        }

        /** The label column by its header name (implies a header). */
        public Reader optLabelColumn(String name) {
            this.labelName = name;
            this.labelIndex = -1;
            return this;
        }

        /** The label column by 0-based index. */
        public Reader optLabelColumn(int index) {
            this.labelIndex = requireIndex(index, "label");
            this.labelName = null;
            return this;
        }

        /** The text column by its header name (implies a header). */
        public Reader optTextColumn(String name) {
            this.textName = name;
            this.textIndex = -1;
            return this;
        }

        /** The text column by 0-based index. */
        public Reader optTextColumn(int index) {
            this.textIndex = requireIndex(index, "text");
            this.textName = null;
            return this;
        }

        /** The label names in id order; a label outside this list is refused. */
        public Reader optLabels(List<String> names) {
            if (new HashSet<>(names).size() != names.size() || names.isEmpty()) {
                throw new SeqLabException("Label names must be distinct and at least one, got " + names + ".");
            }
            this.labels = List.copyOf(names);
            return this;
        }

        private static int requireIndex(int index, String what) {
            if (index < 0) {
                throw new SeqLabException("A " + what + " column index is 0-based and cannot be negative, got "
                        + index + ".");
            }
            return index;
        }

        /** Reads {@code file} with these options. */
        public LabelledText read(Path file) {
            char delim = delimiter != null ? delimiter : DelimitedFile.detectDelimiter(file);
            List<DelimitedFile.Row> rows = DelimitedFile.read(file, delim);
            if (rows.isEmpty()) {
                throw CorpusFile.empty(file, "rows of a text and a label separated by "
                        + DelimitedFile.describe(delim));
            }
            boolean byName = labelName != null || textName != null;
            if (byName && headerMode == HeaderMode.ABSENT) {
                throw new SeqLabException("A column is chosen by name (" + (labelName != null ? labelName : textName)
                        + ") but the header is set to ABSENT; choose the column by index or let the header be read.");
            }
            DelimitedFile.Row first = rows.get(0);
            boolean header = switch (headerMode) {
                case PRESENT -> true;
                case ABSENT -> false;
                case DETECT -> byName || detectHeader(rows);
            };
            List<String> names = header ? first.fields() : List.of();
            int width = first.size();
            int label = labelName != null ? named(file, names, labelName, "label")
                    : labelIndex >= 0 ? labelIndex : defaultColumn(names, LABEL_NAMES, width - 1, -1);
            int text = textName != null ? named(file, names, textName, "text")
                    : textIndex >= 0 ? textIndex
                    : width == 2 ? 1 - Math.min(label, 1) : defaultColumn(names, TEXT_NAMES, label == 0 ? 1 : 0, label);
            if (text == label) {
                throw new SeqLabException("The text and the label column of " + file + " are the same column (" + text
                        + "); choose different columns.");
            }
            if (width < 2 && !header) {
                throw new CorpusException(file, first.line(), "a text and a label separated by "
                        + DelimitedFile.describe(delim), "one field " + CorpusFile.show(first.field(0)),
                        "separate text and label with " + DelimitedFile.describe(delim) + " or give the delimiter");
            }
            Map<String, Integer> ids = new LinkedHashMap<>();
            if (labels != null) {
                for (String l : labels) {
                    ids.put(l, ids.size());
                }
            }
            List<LabelledExample> examples = new ArrayList<>(rows.size());
            int needed = Math.max(text, label) + 1;
            for (int r = header ? 1 : 0; r < rows.size(); r++) {
                DelimitedFile.Row row = rows.get(r);
                if (row.size() < needed) {
                    throw new CorpusException(file, row.line(), "at least " + needed + " fields separated by "
                            + DelimitedFile.describe(delim) + " (text in field " + (text + 1) + ", label in field "
                            + (label + 1) + ")", row.size() + " field" + (row.size() == 1 ? "" : "s") + ": "
                            + CorpusFile.show(String.join(String.valueOf(delim), row.fields())),
                            "check the delimiter, " + (delim == '\t' ? "that the text holds no tab" : "the quoting")
                                    + " and the column choice");
                }
                String t = row.field(text);
                String l = row.field(label).strip();
                if (t.isBlank()) {
                    throw new CorpusException(file, row.line(), "a text in field " + (text + 1), "an empty field",
                            "remove the row or fill in its text");
                }
                if (l.isEmpty()) {
                    throw new CorpusException(file, row.line(), "a label in field " + (label + 1), "an empty field",
                            "remove the row or fill in its label");
                }
                Integer id = ids.get(l);
                if (id == null) {
                    if (labels != null) {
                        throw new CorpusException(file, row.line(), "one of the labels " + labels,
                                "the label " + CorpusFile.show(l), "correct the label or add it to the label list");
                    }
                    id = ids.size();
                    ids.put(l, id);
                }
                examples.add(new LabelledExample(t, id));
            }
            if (examples.isEmpty()) {
                throw new CorpusException(file, 0, "at least one example after the header", "only the header "
                        + CorpusFile.show(String.join(String.valueOf(delim), first.fields())),
                        "add examples, or read the first row as data with optHeader(HeaderMode.ABSENT)");
            }
            return new LabelledText(file, examples, new ArrayList<>(ids.keySet()), header, text, label, delim);
        }

        private boolean detectHeader(List<DelimitedFile.Row> rows) {
            if (rows.size() < 2) {
                return false;
            }
            int column = labelIndex >= 0 ? labelIndex : rows.get(0).size() - 1;
            if (column >= rows.get(0).size()) {
                return false;
            }
            String candidate = rows.get(0).field(column).strip();
            if (labels != null) {
                return !labels.contains(candidate);
            }
            Set<String> others = new HashSet<>();
            for (int r = 1; r < rows.size(); r++) {
                if (column < rows.get(r).size()) {
                    others.add(rows.get(r).field(column).strip());
                }
            }
            return !others.contains(candidate);
        }

        private static int named(Path file, List<String> header, String name, String what) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            throw new CorpusException(file, 1, "a header naming the " + what + " column '" + name + "'",
                    "the columns " + header, "choose one of these names, or the column by index");
        }

        private static int defaultColumn(List<String> header, List<String> candidates, int fallback, int exclude) {
            for (int i = 0; i < header.size(); i++) {
                if (i != exclude && candidates.contains(header.get(i).strip().toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
            return fallback;
        }
    }
}
