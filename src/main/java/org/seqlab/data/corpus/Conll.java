package org.seqlab.data.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.seqlab.SeqLabException;

/**
 * A token-per-line tagged corpus in CoNLL columns, e.g. CoNLL-2003 {@code EU NNP B-NP B-ORG}: one token
 * per line, columns separated by whitespace (or by tabs only, {@link Reader#optTabSeparated()}), a blank line
 * between sentences. The token column defaults to the first, the tag column to the last.
 *
 * <p>Skipped: {@code -DOCSTART-} lines and, at the start of a sentence, lines beginning with {@code #}
 * (CoNLL-U comments such as {@code # text = ...}; {@link Reader#optComments(boolean)} turns this off for corpora
 * whose sentences may start with a {@code #} token). Every token line must have as many columns as the first.
 *
 * <p>Tags: by default the scheme is detected ({@link TagScheme#detect}) and the tags converted to BIO, so
 * CoNLL-2003's IOB1 {@code I-ORG} at a chunk start becomes {@code B-ORG}. The input scheme and the output
 * scheme can be given; {@link Reader#optKeepTags()} reads the column as it is (for POS tags).
 */
public final class Conll {
    private static final String DOCSTART = "-DOCSTART-";

    private final Path file;
    private final List<TaggedSentence> sentences;
    private final TagScheme readScheme;
    private final TagScheme outputScheme;

    private Conll(Path file, List<TaggedSentence> sentences, TagScheme readScheme, TagScheme outputScheme) {
        this.file = file;
        this.sentences = List.copyOf(sentences);
        this.readScheme = readScheme;
        this.outputScheme = outputScheme;
    }

    /** A reader with the defaults of the class comment. */
    public static Reader reader() {
        return new Reader();
    }

    /** {@code reader().read(file)}: first and last column, scheme detected, tags as BIO. */
    public static Conll read(Path file) {
        return reader().read(file);
    }

    /** Writes {@code sentences} as {@code token tag} lines with a blank line after each sentence, atomically. */
    public static void write(Path file, List<TaggedSentence> sentences) {
        StringBuilder sb = new StringBuilder();
        for (TaggedSentence s : sentences) {
            for (int i = 0; i < s.size(); i++) {
                String token = s.tokens().get(i);
                String tag = s.tags().get(i);
                if (token.isEmpty() || tag.isEmpty() || token.chars().anyMatch(Character::isWhitespace)
                        || tag.chars().anyMatch(Character::isWhitespace)) {
                    throw new SeqLabException("Cannot write the token '" + token + "' with tag '" + tag + "' as a"
                            + " CoNLL line: tokens and tags must be non-empty and hold no whitespace.");
                }
                sb.append(token).append(' ').append(tag).append('\n');
            }
            sb.append('\n');
        }
        CorpusFile.write(file, sb.toString());
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The sentences in file order. */
    public List<TaggedSentence> sentences() {
        return sentences;
    }

    /** The number of sentences. */
    public int sentenceCount() {
        return sentences.size();
    }

    /** The number of tokens over all sentences. */
    public int tokenCount() {
        return sentences.stream().mapToInt(TaggedSentence::size).sum();
    }

    /** The scheme the tags were read in (given or detected); empty when they were kept as they are. */
    public Optional<TagScheme> readScheme() {
        return Optional.ofNullable(readScheme);
    }

    /** The scheme of {@link #sentences()}' tags; empty when they were kept as they are. */
    public Optional<TagScheme> outputScheme() {
        return Optional.ofNullable(outputScheme);
    }

    /** Each tag (as in {@link #sentences()}) with the number of tokens that carry it, sorted by tag. */
    public SortedMap<String, Integer> tagCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (TaggedSentence s : sentences) {
            for (String t : s.tags()) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        return Collections.unmodifiableSortedMap(counts);
    }

    /** The tags that occur, sorted. */
    public List<String> tagSet() {
        return List.copyOf(tagCounts().keySet());
    }

    /**
     * One line for a log or a lesson:
     * {@code "train.txt: 3 sentences, 17 tokens, 5 tags (BIO from IOB1): B-LOC 2, ..."}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        Map<String, Integer> counts = tagCounts();
        sb.append(file.getFileName()).append(": ").append(sentenceCount()).append(" sentences, ").append(tokenCount())
                .append(" tokens, ").append(counts.size()).append(" tags");
        if (outputScheme != null) {
            sb.append(" (").append(outputScheme);
            if (readScheme != outputScheme) {
                sb.append(" from ").append(readScheme);
            }
            sb.append(')');
        }
        String sep = ": ";
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            sb.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            sep = ", ";
        }
        return sb.toString();
    }

    /** Options for reading CoNLL columns; each {@code opt} method returns this reader. */
    public static final class Reader {
        private int tokenColumn;
        private int tagColumn = -1;
        private boolean tabs;
        private boolean comments = true;
        private TagScheme from;
        private TagScheme to = TagScheme.BIO;
        private boolean keep;

        private Reader() {
        }

        /** The 0-based token column (default 0). */
        public Reader optTokenColumn(int column) {
            this.tokenColumn = require(column);
            return this;
        }

        /** The 0-based tag column (default: the last). */
        public Reader optTagColumn(int column) {
            this.tagColumn = require(column);
            return this;
        }

        /** Columns are separated by tabs only, so a token may hold spaces (CoNLL-U). */
        public Reader optTabSeparated() {
            this.tabs = true;
            return this;
        }

        /** Whether a line beginning with {@code #} at the start of a sentence is a comment (default: yes). */
        public Reader optComments(boolean skip) {
            this.comments = skip;
            return this;
        }

        /** The scheme the file's tags are in, instead of detecting it (a tag invalid in it is refused). */
        public Reader optScheme(TagScheme scheme) {
            this.from = scheme;
            return this;
        }

        /** The scheme to convert the tags to (default BIO). */
        public Reader optTarget(TagScheme scheme) {
            this.to = scheme;
            this.keep = false;
            return this;
        }

        /** Keeps the tag column as it is: no scheme detection or conversion (for POS or chunk-free tags). */
        public Reader optKeepTags() {
            this.keep = true;
            return this;
        }

        private static int require(int column) {
            if (column < 0) {
                throw new SeqLabException("A column index is 0-based and cannot be negative, got " + column + ".");
            }
            return column;
        }

        /** Reads {@code file}. */
        public Conll read(Path file) {
            List<String> lines = CorpusFile.lines(file);
            List<TaggedSentence> raw = new ArrayList<>();
            List<int[]> tokenLines = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            int width = -1;
            int widthLine = 0;
            for (int i = 0; i <= lines.size(); i++) {
                String line = i < lines.size() ? lines.get(i) : "";
                int number = i + 1;
                if (line.isBlank()) {
                    if (!tokens.isEmpty()) {
                        raw.add(new TaggedSentence(tokens, tags));
                        tokenLines.add(numbers.stream().mapToInt(Integer::intValue).toArray());
                        tokens.clear();
                        tags.clear();
                        numbers.clear();
                    }
                    continue;
                }
                if (comments && tokens.isEmpty() && line.startsWith("#")) {
                    continue;
                }
                String[] fields = tabs ? line.split("\t", -1) : line.strip().split("\\s+");
                if (fields[0].equals(DOCSTART)) {
                    continue;
                }
                if (width < 0) {
                    width = fields.length;
                    widthLine = number;
                    int tag = tagColumn < 0 ? width - 1 : tagColumn;
                    if (Math.max(tokenColumn, tag) >= width || tokenColumn == tag) {
                        throw new CorpusException(file, number, "a token in column " + (tokenColumn + 1) + " and a"
                                + " tag in column " + (tag + 1), width + " column" + (width == 1 ? "" : "s") + ": "
                                + CorpusFile.show(line), tokenColumn == tag ? "choose different token and tag columns"
                                : "separate token and tag by " + (tabs ? "a tab" : "whitespace")
                                + ", or choose the columns");
                    }
                } else if (fields.length != width) {
                    throw new CorpusException(file, number, width + " columns like line " + widthLine,
                            fields.length + " column" + (fields.length == 1 ? "" : "s") + ": " + CorpusFile.show(line),
                            "give every token line the same columns; a sentence ends at a blank line");
                }
                int tag = tagColumn < 0 ? width - 1 : tagColumn;
                if (fields[tokenColumn].isEmpty() || fields[tag].isEmpty()) {
                    throw new CorpusException(file, number, "a token and a tag", "an empty field: "
                            + CorpusFile.show(line), "fill in the field or remove the line");
                }
                tokens.add(fields[tokenColumn]);
                tags.add(fields[tag]);
                numbers.add(number);
            }
            if (raw.isEmpty()) {
                throw CorpusFile.empty(file, "token lines (a token and its tag), sentences separated by blank lines");
            }
            if (keep) {
                return new Conll(file, raw, null, null);
            }
            TagScheme scheme = from != null ? from : detect(file, raw, tokenLines);
            List<TaggedSentence> converted = new ArrayList<>(raw.size());
            for (int s = 0; s < raw.size(); s++) {
                TaggedSentence sentence = raw.get(s);
                try {
                    converted.add(new TaggedSentence(sentence.tokens(), scheme.convert(sentence.tags(), to)));
                } catch (TagSequenceException e) {
                    throw tagError(file, tokenLines.get(s)[e.position()], e, scheme);
                }
            }
            return new Conll(file, converted, scheme, to);
        }

        private static TagScheme detect(Path file, List<TaggedSentence> raw, List<int[]> tokenLines) {
            boolean iob1 = false;
            for (int s = 0; s < raw.size(); s++) {
                TagScheme scheme;
                try {
                    scheme = TagScheme.detect(List.of(raw.get(s).tags()));
                } catch (TagSequenceException e) {
                    throw tagError(file, tokenLines.get(s)[e.position()], e, null);
                }
                if (scheme == TagScheme.IOBES) {
                    return scheme;
                }
                iob1 |= scheme == TagScheme.IOB1;
            }
            return iob1 ? TagScheme.IOB1 : TagScheme.BIO;
        }

        private static CorpusException tagError(Path file, int line, TagSequenceException e, TagScheme scheme) {
            return new CorpusException(file, line, scheme == null ? "a chunk tag (O, or B-/I-/E-/S- and a type)"
                    : "a tag sequence valid in " + scheme, e.getMessage(), scheme == null
                    ? "choose the tag column with optTagColumn, or read the tags as they are with optKeepTags()"
                    : "correct the tag, or give the file's scheme with optScheme (IOB1 allows I- at a chunk start)");
        }
    }
}
