package org.seqlab.io.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.autograd.Shape;
import org.seqlab.io.safetensors.SafetensorsException.Problem;

/**
 * Parses and validates a safetensors JSON header, field by field, with a streaming parser (so that
 * a hostile header of {@link Safetensors#MAX_HEADER_BYTES} cannot build a huge tree), then checks
 * the layout: every byte range inside the buffer, none overlapping, the buffer fully covered.
 */
final class HeaderParser {
    /** The key of the optional string-to-string map; no tensor may be called this. */
    static final String METADATA_KEY = "__metadata__";

    /** Most dimensions a tensor may have (PyTorch's limit); keeps a hostile shape list bounded. */
    static final int MAX_RANK = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength((int) Safetensors.MAX_HEADER_BYTES)   // long text is valid
                    .maxNameLength((int) Safetensors.MAX_HEADER_BYTES)
                    .maxNestingDepth(8)                                   // a valid header nests 3 deep
                    .build())
            .build();

    /** A validated header: the tensors in file (offset) order, and the metadata. */
    record Parsed(List<TensorInfo> tensors, Map<String, String> metadata) {
    }

    private final Path file;
    private final JsonParser p;

    private HeaderParser(Path file, JsonParser parser) {
        this.file = file;
        this.p = parser;
    }

    /**
     * Parses {@code text} (the decoded header) and validates it against a buffer of
     * {@code bufferLength} bytes.
     */
    static Parsed parse(Path file, String text, long bufferLength) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw Refusals.malformed(Problem.HEADER_NOT_JSON, file, null, text.isEmpty()
                    ? "the JSON header is empty; it must be a JSON object such as {\"name\": {\"dtype\": ...}}."
                    : "the JSON header must start with '{' but starts with " + Refusals.quote(text.substring(0,
                            Math.min(text.length(), 16))) + ".");
        }
        List<TensorInfo> tensors;
        Map<String, String> metadata;
        try (JsonParser parser = JSON.createParser(text)) {
            HeaderParser hp = new HeaderParser(file, parser);
            hp.readObject();
            tensors = hp.tensors;
            metadata = hp.metadata;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw Refusals.malformed(Problem.HEADER_NOT_JSON, file, null, "the header is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + firstLine(e.getOriginalMessage()) + ".");
        } catch (IOException e) {
            // Reading a String cannot fail with I/O; a parser error that is not a JsonProcessingException.
            throw Refusals.malformed(Problem.HEADER_NOT_JSON, file, null, "the header could not be parsed: "
                    + firstLine(e.getMessage()) + ".");
        }
        validateSizes(file, tensors, bufferLength);
        List<TensorInfo> ordered = validateLayout(file, tensors, bufferLength);
        return new Parsed(Collections.unmodifiableList(ordered), Collections.unmodifiableMap(metadata));
    }

    // ---- JSON, field by field ------------------------------------------------------------------

    private final List<TensorInfo> tensors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private void readObject() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw Refusals.malformed(Problem.HEADER_NOT_JSON, file, null, "the header must be a JSON object.");
        }
        Set<String> names = new HashSet<>();
        boolean sawMetadata = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (METADATA_KEY.equals(name)) {
                if (sawMetadata) {
                    throw Refusals.malformed(Problem.BAD_METADATA, file, null,
                            "the header has two \"" + METADATA_KEY + "\" entries; the spec allows one.");
                }
                sawMetadata = true;
                readMetadata();
            } else {
                if (!names.add(name)) {
                    throw Refusals.malformed(Problem.DUPLICATE_NAME, file, name,
                            "the name appears twice in the header; tensor names must be unique.");
                }
                tensors.add(readEntry(name));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw Refusals.malformed(Problem.HEADER_NOT_JSON, file, null, "the header object is not closed.");
        }
        if (p.nextToken() != null) {
            JsonLocation at = p.currentTokenLocation();
            throw Refusals.malformed(Problem.HEADER_NOT_JSON, file, null, "the header has content after its JSON"
                    + " object (line " + at.getLineNr() + ", column " + at.getColumnNr() + "); only spaces may"
                    + " pad it.");
        }
    }

    private void readMetadata() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;                                     // the reference reads null as "no metadata"
        }
        if (t != JsonToken.START_OBJECT) {
            throw Refusals.malformed(Problem.BAD_METADATA, file, null, "\"" + METADATA_KEY + "\" must be an"
                    + " object mapping strings to strings; found " + describe(t) + ".");
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            t = p.nextToken();
            if (t != JsonToken.VALUE_STRING) {
                throw Refusals.malformed(Problem.BAD_METADATA, file, null, "\"" + METADATA_KEY + "\" value of key "
                        + Refusals.quote(key) + " is " + describe(t) + "; metadata values must be strings.");
            }
            if (metadata.putIfAbsent(key, p.getText()) != null) {
                throw Refusals.malformed(Problem.BAD_METADATA, file, null, "\"" + METADATA_KEY + "\" has the key "
                        + Refusals.quote(key) + " twice; metadata keys must be unique.");
            }
        }
    }

    private TensorInfo readEntry(String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw Refusals.malformed(Problem.BAD_ENTRY, file, name, "the entry must be an object with \"dtype\","
                    + " \"shape\" and \"data_offsets\"; found " + describe(t) + ".");
        }
        SafetensorsDType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            t = p.nextToken();
            switch (field) {
                case "dtype":
                    requireFirst(name, field, dtype);
                    dtype = readDType(name, t);
                    break;
                case "shape":
                    requireFirst(name, field, shape);
                    shape = readShape(name, t);
                    break;
                case "data_offsets":
                    requireFirst(name, field, offsets);
                    offsets = readOffsets(name, t);
                    break;
                default:
                    p.skipChildren();                   // the reference ignores fields it does not know
            }
        }
        requirePresent(name, "dtype", dtype);
        requirePresent(name, "shape", shape);
        requirePresent(name, "data_offsets", offsets);
        return new TensorInfo(name, dtype, Shape.of(shape), offsets[0], offsets[1]);
    }

    private void requirePresent(String name, String field, Object value) {
        if (value == null) {
            throw Refusals.malformed(Problem.BAD_ENTRY, file, name, "the entry has no \"" + field + "\"; every"
                    + " tensor needs \"dtype\", \"shape\" and \"data_offsets\".");
        }
    }

    private void requireFirst(String name, String field, Object seen) {
        if (seen != null) {
            throw Refusals.malformed(Problem.BAD_ENTRY, file, name, "the entry has \"" + field + "\" twice.");
        }
    }

    private SafetensorsDType readDType(String name, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw Refusals.malformed(Problem.BAD_DTYPE, file, name, "\"dtype\" must be a string such as \"F32\";"
                    + " found " + describe(t) + ".");
        }
        String text = p.getText();
        return SafetensorsDType.fromHeaderName(text).orElseThrow(() -> SafetensorsDType.isKnownButUnsupported(text)
                ? Refusals.reading(Problem.BAD_DTYPE, file, name, "dtype " + text + " is not supported by SeqLab"
                        + " (it reads " + SafetensorsDType.supportedList() + ").",
                        "Convert the tensor before saving, e.g. in PyTorch: tensor.float().")
                : Refusals.malformed(Problem.BAD_DTYPE, file, name, "unknown dtype " + Refusals.quote(text)
                        + "; the spec's dtypes that SeqLab reads are " + SafetensorsDType.supportedList() + "."));
    }

    private long[] readShape(String name, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw Refusals.malformed(Problem.BAD_SHAPE, file, name, "\"shape\" must be an array of integers >= 0"
                    + " such as [2, 3]; found " + describe(t) + ".");
        }
        long[] dims = new long[4];
        int rank = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (rank == MAX_RANK) {
                throw Refusals.malformed(Problem.BAD_SHAPE, file, name, "\"shape\" has more than " + MAX_RANK
                        + " dimensions, the most SeqLab (like PyTorch) accepts.");
            }
            if (rank == dims.length) {
                dims = Arrays.copyOf(dims, dims.length * 2);
            }
            dims[rank] = readNonNegative(Problem.BAD_SHAPE, name, "\"shape\" entry " + rank, t);
            rank++;
        }
        return Arrays.copyOf(dims, rank);
    }

    private long[] readOffsets(String name, JsonToken t) throws IOException {
        String expected = "\"data_offsets\" must be two integers [begin, end] with 0 <= begin <= end";
        if (t != JsonToken.START_ARRAY) {
            throw Refusals.malformed(Problem.BAD_OFFSETS, file, name, expected + "; found " + describe(t) + ".");
        }
        long[] be = new long[2];
        int n = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == 2) {
                throw Refusals.malformed(Problem.BAD_OFFSETS, file, name, expected + "; found more than two values.");
            }
            be[n] = readNonNegative(Problem.BAD_OFFSETS, name, "\"data_offsets\" entry " + n, t);
            n++;
        }
        if (n != 2) {
            throw Refusals.malformed(Problem.BAD_OFFSETS, file, name, expected + "; found " + n + " value"
                    + (n == 1 ? "" : "s") + ".");
        }
        if (be[0] > be[1]) {
            throw Refusals.malformed(Problem.BAD_OFFSETS, file, name, expected + "; found begin " + be[0]
                    + " > end " + be[1] + ".");
        }
        return be;
    }

    private long readNonNegative(Problem problem, String name, String what, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw Refusals.malformed(problem, file, name, what + " is " + Refusals.quote(p.getText())
                        + ", beyond the 64-bit range.");
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw Refusals.malformed(problem, file, name, what + " is " + v + "; it must be >= 0.");
            }
            return v;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            throw Refusals.malformed(problem, file, name, what + " is " + Refusals.quote(p.getText())
                    + "; it must be an integer.");
        }
        throw Refusals.malformed(problem, file, name, what + " must be an integer >= 0; found " + describe(t) + ".");
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the header";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.asString() == null ? t.name() : t.asString();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl))
                .replaceAll(" \\(start marker at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]\\)",
                        " (opened at line $1, column $2)");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    // ---- sizes and layout ----------------------------------------------------------------------

    /** Each tensor: element count and byte size without overflow, matching its range, inside the buffer. */
    private static void validateSizes(Path file, List<TensorInfo> tensors, long bufferLength) {
        for (TensorInfo t : tensors) {
            long numel = 1;
            long bytes;
            try {
                for (long d : t.shape().toArray()) {
                    numel = Math.multiplyExact(numel, d);
                }
                bytes = Math.multiplyExact(numel, (long) t.dtype().byteSize());
            } catch (ArithmeticException e) {
                throw Refusals.malformed(Problem.SIZE_OVERFLOW, file, t.name(), "shape " + t.shape() + " of "
                        + t.dtype() + " has more bytes than 64 bits can count.");
            }
            if (t.byteLength() != bytes) {
                throw Refusals.malformed(Problem.SIZE_MISMATCH, file, t.name(), "\"data_offsets\" [" + t.begin()
                        + ", " + t.end() + "] hold " + t.byteLength() + " bytes, but shape " + t.shape() + " of "
                        + t.dtype() + " needs " + numel + " x " + t.dtype().byteSize() + " = " + bytes + " bytes.");
            }
            if (t.end() > bufferLength) {
                throw Refusals.malformed(Problem.OFFSETS_OUTSIDE_BUFFER, file, t.name(), "\"data_offsets\" ["
                        + t.begin() + ", " + t.end() + "] reach past the end of the byte buffer, which holds "
                        + bufferLength + " bytes (is the file truncated?).");
            }
        }
    }

    /** Sorted by byte range, the tensors must tile the buffer exactly, as the reference requires. */
    private static List<TensorInfo> validateLayout(Path file, List<TensorInfo> tensors, long bufferLength) {
        List<TensorInfo> ordered = new ArrayList<>(tensors);
        ordered.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : ordered) {
            if (t.begin() < covered) {
                throw Refusals.malformed(Problem.OVERLAP, file, t.name(), "bytes [" + t.begin() + ", " + t.end()
                        + ") overlap tensor " + Refusals.quote(previous.name()) + " at [" + previous.begin() + ", "
                        + previous.end() + "); tensors must not share bytes.");
            }
            if (t.begin() > covered) {
                throw Refusals.malformed(Problem.HOLE, file, t.name(), "bytes [" + covered + ", " + t.begin()
                        + ") before it belong to no tensor; the spec requires the tensors to cover the byte buffer"
                        + " without gaps.");
            }
            covered = t.end();
            previous = t;
        }
        if (covered != bufferLength) {
            throw Refusals.malformed(Problem.HOLE, file, null, "bytes [" + covered + ", " + bufferLength
                    + ") at the end of the byte buffer belong to no tensor; the spec requires the tensors to cover"
                    + " the byte buffer exactly.");
        }
        return ordered;
    }
}
