package org.seqlab.ui.viz;

/** CSV as the figures export it (RFC 4180): one place for quoting a field. */
public final class Csv {

    private Csv() {
    }

    /**
     * {@code s} as one CSV field: as it is, or in double quotes (inner quotes doubled) when it holds a comma, a
     * quote, a line break, or leading or trailing spaces.
     */
    public static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                && (s.isEmpty() || (s.charAt(0) != ' ' && s.charAt(s.length() - 1) != ' '))) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
