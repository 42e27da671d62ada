package org.seqlab.io.safetensors;

import java.nio.file.Path;
import java.util.Collection;
import org.seqlab.io.safetensors.SafetensorsException.Problem;

/** Builds the messages of {@link SafetensorsException}: file, tensor, what was found, the fix. */
final class Refusals {
    /** The fix for a file that breaks the format: nothing in SeqLab can repair it. */
    static final String REEXPORT = "The file is damaged or was not written to the safetensors spec:"
            + " export it again from its source.";

    /** Longest tensor name or metadata text quoted in a message; a hostile file can hold megabytes. */
    private static final int MAX_QUOTED = 200;

    private Refusals() {
    }

    /** A file that breaks the format; {@code tensor} may be null for file-level problems. */
    static SafetensorsException malformed(Problem problem, Path file, String tensor, String found) {
        return reading(problem, file, tensor, found, REEXPORT);
    }

    /** A reading failure with its own fix. */
    static SafetensorsException reading(Problem problem, Path file, String tensor, String found, String fix) {
        return new SafetensorsException(problem, file, tensor, "Cannot read safetensors file " + file + ": "
                + (tensor == null ? "" : "tensor " + quote(tensor) + ": ") + found + (fix.isEmpty() ? "" : " " + fix));
    }

    static SafetensorsException writing(Problem problem, Path file, String tensor, String found, String fix) {
        return new SafetensorsException(problem, file, tensor, "Cannot write safetensors file " + file + ": "
                + (tensor == null ? "" : "tensor " + quote(tensor) + ": ") + found + (fix.isEmpty() ? "" : " " + fix));
    }

    /** An I/O failure while reading or writing, keeping the cause for the log. */
    static SafetensorsException io(boolean reading, Path file, String found, String fix, Throwable cause) {
        return new SafetensorsException(Problem.IO, file, null, "Cannot " + (reading ? "read" : "write")
                + " safetensors file " + file + ": " + found + (fix.isEmpty() ? "" : " " + fix), cause);
    }

    /** A name the file does not have; lists the first names it does have. */
    static SafetensorsException noSuchTensor(Path file, String name, Collection<String> names) {
        StringBuilder some = new StringBuilder();
        int i = 0;
        for (String n : names) {
            if (i == 10) {
                some.append(", ...");
                break;
            }
            some.append(i++ == 0 ? ": " : ", ").append(quote(n));
        }
        return reading(Problem.NO_SUCH_TENSOR, file, name, "there is no tensor of this name; the file has "
                + names.size() + (names.size() == 1 ? " tensor" : " tensors") + some + ".", "");
    }

    /** {@code 'text'} with control characters escaped, cut to {@value #MAX_QUOTED} characters. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('\'');
        int n = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > MAX_QUOTED) {
            sb.append("...' (").append(text.length()).append(" characters)");
            return sb.toString();
        }
        return sb.append('\'').toString();
    }
}
