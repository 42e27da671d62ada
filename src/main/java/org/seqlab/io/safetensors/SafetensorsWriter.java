package org.seqlab.io.safetensors;

import org.seqlab.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.io.safetensors.SafetensorsException.Problem;

/**
 * Lays out and writes a safetensors file the way the reference implementation does: tensors sorted
 * by dtype alignment (descending) then by name, packed back to back from offset 0, the header as
 * compact JSON ({@code __metadata__} first, then each tensor's dtype, shape and data_offsets in
 * file order) padded with spaces to a multiple of 8 bytes so that the buffer starts aligned.
 */
final class SafetensorsWriter {
    private static final int CHUNK = 1 << 20;

    /** One tensor's place in the file. */
    record Entry(String name, Tensor tensor, SafetensorsDType storedAs, long begin, long end) {
    }

    private SafetensorsWriter() {
    }

    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata,
            SafetensorsDType floatsAs) {
        List<Entry> entries = layout(file, tensors, floatsAs);
        byte[] header = header(file, entries, metadata);
        try {
            AtomicFile.write(file, out -> {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(header));
                for (Entry e : entries) {
                    writeData(out, e);
                }
            });
        } catch (IOException e) {
            throw Refusals.io(false, file, "I/O error: " + e + "; the previous file, if any, is unchanged.",
                    "Check that the folder exists and is writable and that the disk has room.", e);
        }
    }

    /** Sorted entries with their byte ranges; refuses what the format cannot hold. */
    static List<Entry> layout(Path file, Map<String, Tensor> tensors, SafetensorsDType floatsAs) {
        if (floatsAs != null && floatsAs != SafetensorsDType.F32 && floatsAs != SafetensorsDType.F64
                && floatsAs != SafetensorsDType.F16 && floatsAs != SafetensorsDType.BF16) {
            throw Refusals.writing(Problem.CANNOT_WRITE, file, null, "float tensors cannot be stored as " + floatsAs
                    + ".", "Choose F32, F64, F16 or BF16.");
        }
        List<Entry> unplaced = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                throw Refusals.writing(Problem.CANNOT_WRITE, file, null, "a tensor has a null name.",
                        "Give every tensor a name.");
            }
            requireText(file, name, "the name", name);
            if (HeaderParser.METADATA_KEY.equals(name)) {
                throw Refusals.writing(Problem.CANNOT_WRITE, file, name, "this name is reserved for the metadata"
                        + " map.", "Rename the tensor.");
            }
            Tensor t = e.getValue();
            if (t == null) {
                throw Refusals.writing(Problem.CANNOT_WRITE, file, name, "the tensor is null.",
                        "Leave it out of the map or give it a value.");
            }
            SafetensorsDType as = t.dtype().isFloating() && floatsAs != null
                    ? floatsAs : SafetensorsDType.naturalFor(t.dtype());
            unplaced.add(new Entry(name, t, as, 0, 0));
        }
        // Descending alignment, then name in code point order (= the reference's UTF-8 byte order).
        unplaced.sort(Comparator.comparing(Entry::storedAs, Comparator.reverseOrder())
                .thenComparing(Entry::name, SafetensorsWriter::compareCodePoints));
        List<Entry> placed = new ArrayList<>(unplaced.size());
        long offset = 0;
        for (Entry e : unplaced) {
            long bytes = Math.multiplyExact(e.tensor().numel(), (long) e.storedAs().byteSize());
            placed.add(new Entry(e.name(), e.tensor(), e.storedAs(), offset, offset + bytes));
            offset += bytes;
        }
        return placed;
    }

    /** The JSON header, UTF-8, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Path file, List<Entry> entries, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw Refusals.writing(Problem.CANNOT_WRITE, file, null, "the metadata has a null "
                            + (m.getKey() == null ? "key." : "value for key " + Refusals.quote(m.getKey()) + "."),
                            "Metadata maps strings to strings: leave the entry out or give it text.");
                }
                requireText(file, null, "metadata key " + Refusals.quote(m.getKey()), m.getKey());
                requireText(file, null, "the metadata value of " + Refusals.quote(m.getKey()), m.getValue());
                keys.add(m.getKey());
            }
            keys.sort(SafetensorsWriter::compareCodePoints);      // deterministic, whatever the map type
            json.append('"').append(HeaderParser.METADATA_KEY).append("\":{");
            for (int i = 0; i < keys.size(); i++) {
                appendString(json.append(i == 0 ? "" : ","), keys.get(i)).append(':');
                appendString(json, metadata.get(keys.get(i)));
            }
            json.append('}');
            if (!entries.isEmpty()) {
                json.append(',');
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            appendString(json.append(i == 0 ? "" : ","), e.name()).append(":{\"dtype\":\"").append(e.storedAs().name())
                    .append("\",\"shape\":[");
            long[] shape = e.tensor().shape().toArray();
            for (int d = 0; d < shape.length; d++) {
                json.append(d == 0 ? "" : ",").append(shape[d]);
            }
            json.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
        }
        json.append('}');
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        if (padded > Safetensors.MAX_HEADER_BYTES) {
            throw Refusals.writing(Problem.CANNOT_WRITE, file, null, "the header would be " + padded + " bytes,"
                    + " above the " + Safetensors.MAX_HEADER_BYTES + " bytes readers accept.",
                    "Write the tensors into several files, or shorten the metadata.");
        }
        byte[] out = Arrays.copyOf(utf8, padded);
        Arrays.fill(out, utf8.length, padded, (byte) ' ');
        return out;
    }

    /** A JSON string escaped as serde_json (the reference's serializer) escapes it. */
    private static StringBuilder appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"');
    }

    /** Text that UTF-8 can encode: no unpaired surrogate. */
    private static void requireText(Path file, String tensor, String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Refusals.writing(Problem.CANNOT_WRITE, file, tensor, what + " holds an unpaired UTF-16"
                        + " surrogate at index " + i + ", which UTF-8 cannot encode.", "Fix the text.");
            }
        }
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- data ----------------------------------------------------------------------------------

    private static void writeData(WritableByteChannel out, Entry e) throws IOException {
        Tensor t = e.tensor();
        int n = (int) t.numel();
        if (n == 0) {
            return;
        }
        SafetensorsDType as = e.storedAs();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, e.end() - e.begin()))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (as == SafetensorsDType.I64) {
            long[] v = t.toLongArray();
            for (long x : v) {
                buf = room(out, buf, 8).putLong(x);
            }
        } else if (as == SafetensorsDType.F64) {
            double[] v = t.toDoubleArray();
            for (double x : v) {
                buf = room(out, buf, 8).putLong(Double.doubleToRawLongBits(x));
            }
        } else {
            float[] v = floats(t);
            for (float x : v) {
                int bits = Float.floatToRawIntBits(x);
                switch (as) {
                    case F32: room(out, buf, 4).putInt(bits); break;
                    case F16: room(out, buf, 2).putShort((short) FloatFormats.f32BitsToF16(bits)); break;
                    default: room(out, buf, 2).putShort((short) FloatFormats.f32BitsToBf16(bits)); break;
                }
            }
        }
        buf.flip();
        writeFully(out, buf);
    }

    /**
     * The values as float32: a float32 tensor's exactly; a float64 tensor's rounded to nearest (the
     * F16/BF16 conversion after it rounds once more, which is still correctly rounded because
     * float32 has more than twice their precision plus two bits).
     */
    private static float[] floats(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            return t.toFloatArray();
        }
        double[] d = t.toDoubleArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** {@code buf} with room for {@code bytes} more, flushing it to {@code out} when full. */
    private static ByteBuffer room(WritableByteChannel out, ByteBuffer buf, int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            buf.flip();
            writeFully(out, buf);
            buf.clear();
        }
        return buf;
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }
}
