package org.seqlab.data.tokenize;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.SeqLabException;

/**
 * A strict reader and writer of exactly one JSON shape: a flat object of string keys and
 * non-negative integer values, {@code {"token": id, ...}}, as GPT-2's {@code vocab.json} /
 * {@code encoder.json}. Strings take every JSON escape, {@code \}{@code uXXXX} included, with
 * surrogate pairs joined and lone surrogates refused. Anything else (nested values, floats,
 * negative ids, duplicate keys or ids, trailing commas, text after the object) is an error
 * naming file, line, column, what was expected and what was found.
 */
final class FlatJson {
    private final String text;
    private final Path file;
    private int pos;

    private FlatJson(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** The key-value pairs of {@code text} in file order; {@code file} is only named in errors. */
    static Map<String, Integer> parse(String text, Path file) {
        return new FlatJson(text, file).object();
    }

    /** {@code {"k": v, ...}} in the given order, non-ASCII written as {@code \}{@code uXXXX} as Python's json.dumps does. */
    static String write(Map<String, Integer> entries) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            appendString(sb, e.getKey());
            sb.append(": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private Map<String, Integer> object() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<Integer, String> byId = new LinkedHashMap<>();
        skipSpace();
        expect('{', "'{' opening the object");
        skipSpace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                int keyAt = pos;
                String key = string();
                skipSpace();
                expect(':', "':' after the key");
                skipSpace();
                int idAt = pos;
                int id = integer();
                if (out.containsKey(key)) {
                    throw error(keyAt, "each token once", "the key " + TokenizerFiles.quote(key) + " a second time",
                            "remove the duplicate entry");
                }
                String other = byId.get(id);
                if (other != null) {
                    throw error(idAt, "each id once", "id " + id + " for " + TokenizerFiles.quote(key) + " and for "
                            + TokenizerFiles.quote(other), "give every token its own id");
                }
                out.put(key, id);
                byId.put(id, key);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}', "',' or '}' after a value");
                break;
            }
        }
        skipSpace();
        if (pos < text.length()) {
            throw error(pos, "the end of the file after the object", describe(pos), "remove the text after '}'");
        }
        return out;
    }

    private String string() {
        expect('"', "'\"' opening a string key");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(pos, "'\"' closing the string", "the end of the file", "close the string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(pos, "a string character", String.format("the raw control character U+%04X", (int) c),
                        "write it as an escape such as \\n or \\u00XX");
            }
            if (c == '\\') {
                sb.append(escape());
                continue;
            }
            if (Character.isHighSurrogate(c) && pos + 1 < text.length() && Character.isLowSurrogate(text.charAt(pos + 1))) {
                sb.append(c).append(text.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw error(pos, "a string character", "a lone surrogate", "save the file as valid UTF-8");
            }
            sb.append(c);
            pos++;
        }
    }

    /** The character(s) of the escape at {@code pos}, advancing past it. */
    private String escape() {
        int at = pos;
        pos++;   // the backslash
        if (pos >= text.length()) {
            throw error(at, "an escape", "the end of the file", "complete the escape");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                char u = hex4(at);
                if (Character.isHighSurrogate(u)) {
                    if (text.startsWith("\\u", pos)) {
                        int lowAt = pos;
                        pos += 2;
                        char low = hex4(lowAt);
                        if (Character.isLowSurrogate(low)) {
                            return new String(new char[] {u, low});
                        }
                        throw error(lowAt, "a low surrogate \\uDC00-\\uDFFF after the high surrogate",
                                String.format("\\u%04X", (int) low), "write the character as a valid surrogate pair");
                    }
                    throw error(at, "a low surrogate \\uDC00-\\uDFFF after the high surrogate "
                            + String.format("\\u%04X", (int) u), describe(pos), "write the character as a valid surrogate pair");
                }
                if (Character.isLowSurrogate(u)) {
                    throw error(at, "a character or a high surrogate first", String.format("the lone low surrogate \\u%04X",
                            (int) u), "write the character as a valid surrogate pair");
                }
                return String.valueOf(u);
            default:
                throw error(at, "one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", "\\" + c,
                        "escape a backslash as \\\\");
        }
    }

    private char hex4(int escapeAt) {
        if (pos + 4 > text.length()) {
            throw error(escapeAt, "4 hex digits after \\u", "the end of the file", "complete the escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error(escapeAt, "4 hex digits after \\u", TokenizerFiles.quote(text.substring(pos, pos + 4)),
                        "write the escape as \\u followed by 4 hex digits");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private int integer() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (digits.isEmpty()) {
            throw error(start, "a non-negative integer id", describe(start), "write the id as digits, e.g. 42");
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error(start, "an integer id", "a number with a fraction or exponent", "write the id as digits, e.g. 42");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw error(start, "an integer without leading zeros", digits, "write " + digits.replaceFirst("^0+(?=.)", ""));
        }
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
            throw error(start, "an id up to " + Integer.MAX_VALUE, digits, "renumber the vocabulary");
        }
        return Integer.parseInt(digits);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error(pos, what, describe(pos), "vocab.json must be one flat object {\"token\": id, ...}");
        }
        pos++;
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "the end of the file";
        }
        int end = Math.min(text.length(), at + 12);
        return TokenizerFiles.quote(text.substring(at, end)) + (end < text.length() ? "..." : "");
    }

    private SeqLabException error(int at, String expected, String found, String fix) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SeqLabException(file + ", line " + line + ", column " + (at - lineStart + 1) + ": expected "
                + expected + ", found " + found + ". Fix: " + fix + ".");
    }
}
