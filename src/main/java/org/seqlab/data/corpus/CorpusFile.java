package org.seqlab.data.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.AtomicFile;

/**
 * The reading every loader shares: strict UTF-8 (a bad byte is reported with its line), a leading
 * byte order mark dropped, CRLF (and a lone CR) read as a line break, trailing blank lines dropped.
 */
final class CorpusFile {
    private static final int SHOWN = 60;

    private CorpusFile() {
    }

    /** The file's text: BOM removed, every line break turned into {@code \n}, NUL refused. */
    static String text(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CorpusException(file, "a readable file", "that it cannot be read (" + e + ")",
                    "check the path and that the file is readable", e);
        }
        String text = decode(file, bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new CorpusException(file, lineAt(text, nul), "text", "a NUL character (is this a binary file?)",
                    "pass a UTF-8 text file");
        }
        return text;
    }

    /** The file's lines (see {@link #text}) without the trailing blank lines. */
    static List<String> lines(Path file) {
        return lines(text(file));
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Fails on a file with no content; {@code what} says what it should have held. */
    static void requireContent(Path file, List<String> lines, String what) {
        if (lines.isEmpty()) {
            throw empty(file, what);
        }
    }

    /** The error for a file with no content. */
    static CorpusException empty(Path file, String what) {
        return new CorpusException(file, 0, what, "an empty file (or only blank lines)",
                "check that the right file was given and that it was written completely");
    }

    /** A line as an error message shows it: quoted, tabs visible, long lines shortened. */
    static String show(String line) {
        String visible = line.replace("\t", "\\t");
        if (visible.length() > SHOWN) {
            visible = visible.substring(0, SHOWN) + "...";
        }
        return "\"" + visible + "\"";
    }

    /** Writes {@code text} as UTF-8 atomically, turning an I/O failure into a {@link CorpusException}. */
    static void write(Path file, String text) {
        try {
            AtomicFile.writeString(file, text);
        } catch (IOException e) {
            throw new CorpusException(file, "a writable file", "that it cannot be written (" + e + ")",
                    "check that the folder exists and is writable", e);
        }
    }

    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CorpusException(file, line, "UTF-8 text",
                    String.format("the byte 0x%02X at byte offset %d, which is not UTF-8", bytes[bad] & 0xFF, bad),
                    "convert the file to UTF-8 (for example: iconv -f latin1 -t utf-8)");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
