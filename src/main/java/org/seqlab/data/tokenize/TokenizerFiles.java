package org.seqlab.data.tokenize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.SeqLabException;

/** Reading tokenizer files (UTF-8, with or without BOM, LF or CRLF) and wording their errors. */
final class TokenizerFiles {
    private TokenizerFiles() {
    }

    /** The whole file as text, strictly decoded as UTF-8, without a leading byte order mark. */
    static String readText(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SeqLabException("Cannot read the " + what + " " + file + ": the file does not exist. Fix: check"
                    + " the path.", e);
        } catch (IOException e) {
            throw new SeqLabException("Cannot read the " + what + " " + file + ": " + e.getMessage() + ".", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SeqLabException("Cannot read the " + what + " " + file + ": expected UTF-8 text, found bytes that"
                    + " are not UTF-8. Fix: save the file as UTF-8.", e);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The lines of the file (see {@link #readText}), without their {@code \n} or {@code \r\n} ends; blank
     * lines at the very end are dropped, so line {@code i} of the result is line {@code i + 1} of the file.
     */
    static List<String> readLines(Path file, String what) {
        String text = readText(file, what);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                lines.set(i, line.substring(0, line.length() - 1));
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** {@code "<file>, line <n>: expected <expected>, found <found>. Fix: <fix>"}. */
    static SeqLabException error(Path file, int line, String expected, String found, String fix) {
        return new SeqLabException(file + ", line " + line + ": expected " + expected + ", found " + found + ". Fix: "
                + fix);
    }

    /** {@code s} in double quotes with control characters, quotes and backslashes escaped, for error messages. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }
}
