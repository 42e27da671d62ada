package org.seqlab.data.corpus;

import java.nio.file.Path;
import org.seqlab.SeqLabException;

/**
 * A corpus file that cannot be read as asked: names the file, the line (1-based, physical lines as an
 * editor counts them; 0 when the problem concerns the whole file), what was expected, what was found
 * and the fix.
 */
public final class CorpusException extends SeqLabException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** A problem at {@code line} of {@code file} (0 = the whole file). */
    public CorpusException(Path file, int line, String expected, String found, String fix) {
        super(where(file, line) + ": expected " + expected + ", found " + found + ". Fix: " + fix);
        this.file = file;
        this.line = line;
    }

    /** A problem with the whole file, for example one that cannot be opened. */
    public CorpusException(Path file, String expected, String found, String fix, Throwable cause) {
        super(where(file, 0) + ": expected " + expected + ", found " + found + ". Fix: " + fix, cause);
        this.file = file;
        this.line = 0;
    }

    private static String where(Path file, int line) {
        return line > 0 ? file + ", line " + line : String.valueOf(file);
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
