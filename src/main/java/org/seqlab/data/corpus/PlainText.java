package org.seqlab.data.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;

/**
 * A plain UTF-8 text file, as one text (for character language models) and as lines (one example per line),
 * with deterministic train/validation splits.
 *
 * <p>Reading drops a leading BOM and reads CRLF and a lone CR as {@code \n}; {@link #lines()} leaves out
 * trailing blank lines but keeps blank lines between others. A byte that is not UTF-8 or a NUL character is
 * refused with its line.
 *
 * <p>Splits: {@link #splitText} keeps the first part for training and the last {@code fraction} of the
 * characters for validation (cut at a code point, never inside a surrogate pair), as nanoGPT's
 * {@code data[:n]}/{@code data[n:]}. {@link #splitLines(double)} takes the last {@code fraction} of the lines;
 * {@link #splitLines(double, long)} picks the validation lines at random with the seed and keeps both parts
 * in file order. The validation size is {@code round(fraction * n)}, at least 1 when {@code fraction > 0};
 * a split that would leave no training data is refused.
 */
public final class PlainText {
    private final Path file;
    private final String text;
    private final List<String> lines;

    private PlainText(Path file, String text, List<String> lines) {
        this.file = file;
        this.text = text;
        this.lines = List.copyOf(lines);
    }

    /** Reads {@code file}; refuses an empty file. */
    public static PlainText read(Path file) {
        String text = CorpusFile.text(file);
        List<String> lines = CorpusFile.lines(text);
        CorpusFile.requireContent(file, lines, "text");
        return new PlainText(file, text, lines);
    }

    /** Writes {@code lines}, one per line with a final line break, atomically. */
    public static void write(Path file, List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new SeqLabException("Cannot write " + CorpusFile.show(line) + " as one line of " + file
                        + ": it holds a line break; split it into several lines.");
            }
            sb.append(line).append('\n');
        }
        CorpusFile.write(file, sb.toString());
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The whole text, BOM removed, line breaks as {@code \n}. */
    public String text() {
        return text;
    }

    /** The lines without line breaks, trailing blank lines left out. */
    public List<String> lines() {
        return lines;
    }

    /** The text cut in two: training = the first part, validation = the last {@code fraction} of the characters. */
    public Split<String> splitText(double fraction) {
        int n = text.length();
        int k = validationSize(fraction, n, "characters");
        int cut = n - k;
        if (cut > 0 && cut < n && Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        return new Split<>(text.substring(0, cut), text.substring(cut));
    }

    /** The lines cut in two: validation = the last {@code fraction} of the lines. */
    public Split<List<String>> splitLines(double fraction) {
        int k = validationSize(fraction, lines.size(), "lines");
        return new Split<>(lines.subList(0, lines.size() - k), lines.subList(lines.size() - k, lines.size()));
    }

    /** The lines cut in two: validation = {@code fraction} of the lines chosen with {@code seed}; file order kept. */
    public Split<List<String>> splitLines(double fraction, long seed) {
        int n = lines.size();
        int k = validationSize(fraction, n, "lines");
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] validation = new boolean[n];
        for (int i = 0; i < k; i++) {
            validation[order[i]] = true;
        }
        List<String> train = new ArrayList<>(n - k);
        List<String> valid = new ArrayList<>(k);
        for (int i = 0; i < n; i++) {
            (validation[i] ? valid : train).add(lines.get(i));
        }
        return new Split<>(List.copyOf(train), List.copyOf(valid));
    }

    private int validationSize(double fraction, int n, String unit) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new SeqLabException("A validation fraction must be at least 0 and below 1, got " + fraction
                    + "; 0.1 keeps the last tenth for validation.");
        }
        int k = (int) Math.round(fraction * n);
        if (fraction > 0 && k == 0) {
            k = 1;
        }
        if (k >= n && fraction > 0) {
            throw new SeqLabException("Cannot keep " + fraction + " of the " + n + " " + unit + " of " + file
                    + " for validation: no training data would be left; use a smaller fraction or a larger file.");
        }
        return k;
    }
}
