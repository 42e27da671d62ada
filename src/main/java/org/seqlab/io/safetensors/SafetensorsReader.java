package org.seqlab.io.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.io.safetensors.SafetensorsException.Problem;

/**
 * An open safetensors file whose header has been read and fully validated; tensors are read one at
 * a time, on demand, with bounds-checked positional reads (no tensor is read before it is asked for,
 * and nothing is allocated from a size the file declares before that size has been checked against
 * the file's length). Close it to release the file.
 *
 * <p>Safe to use from several threads: reads are positional and keep no cursor.
 */
public final class SafetensorsReader implements AutoCloseable {
    /** Largest number of elements one Java array, and so one tensor read here, can hold. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Bytes read per positional read; a multiple of every element size. */
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart, HeaderParser.Parsed header) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : header.tensors()) {
            byName.put(t.name(), t);
        }
        this.tensors = Collections.unmodifiableMap(byName);
        this.metadata = header.metadata();
    }

    /** Opens {@code file} and validates its header; see {@link Safetensors#open(Path)}. */
    static SafetensorsReader open(Path file) {
        if (Files.isDirectory(file)) {
            throw Refusals.reading(Problem.IO, file, null, "it is a folder, not a file.",
                    "Give the path of a .safetensors file.");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
        boolean ok = false;
        try {
            SafetensorsReader r = readHeader(file, ch);
            ok = true;
            return r;
        } catch (IOException e) {
            throw ioFailure(file, e);
        } finally {
            if (!ok) {
                closeQuietly(ch);
            }
        }
    }

    private static SafetensorsReader readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw Refusals.malformed(Problem.TRUNCATED, file, null, "the file has " + size + " bytes; a safetensors"
                    + " file starts with an 8-byte header length.");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lengthBytes, 0);
        long n = lengthBytes.getLong(0);                       // u64: negative here means >= 2^63
        if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
            throw Refusals.malformed(Problem.HEADER_TOO_LARGE, file, null, "the header length is "
                    + Long.toUnsignedString(n) + " bytes, above the limit of " + Safetensors.MAX_HEADER_BYTES
                    + " bytes (the reference implementation's).");
        }
        if (n > size - 8) {
            throw Refusals.malformed(Problem.HEADER_BEYOND_FILE, file, null, "the header length is " + n
                    + " bytes, but the file has only " + (size - 8) + " bytes after the 8-byte length (is the file"
                    + " truncated?).");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(file, ch, headerBytes, 8);
        String text = decodeUtf8(file, headerBytes.flip());
        HeaderParser.Parsed header = HeaderParser.parse(file, text, size - 8 - n);
        return new SafetensorsReader(file, ch, 8 + n, header);
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.remaining());   // UTF-8 never has more chars than bytes
        CoderResult r = decoder.decode(bytes, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw Refusals.malformed(Problem.HEADER_NOT_UTF8, file, null, "the JSON header is not valid UTF-8 (bad"
                    + " byte sequence at header byte " + bytes.position() + ", file byte " + (8 + bytes.position())
                    + ").");
        }
        return out.flip().toString();
    }

    // ---- what the header says ------------------------------------------------------------------

    public Path file() {
        return file;
    }

    /** Tensor names in file order (by byte offset). */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /** Every tensor's header entry, in file order. */
    public List<TensorInfo> infos() {
        return new ArrayList<>(tensors.values());
    }

    /** The header entry of {@code name}. */
    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw Refusals.noSuchTensor(file, name, tensors.keySet());
        }
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The {@code __metadata__} map (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    // ---- values --------------------------------------------------------------------------------

    /**
     * Reads tensor {@code name}: F32 as float32, F64 as float64, F16/BF16/F8 converted exactly to
     * float32, integers and BOOL as int64.
     */
    public Tensor tensor(String name) {
        TensorInfo t = info(name);
        long[] shape = t.shape().toArray();
        DType as = t.dtype().loadsAs();
        int n = elementCount(t);
        if (n == 0) {
            return Tensor.zeros(as, shape);
        }
        switch (t.dtype()) {
            case F32: {
                float[] v = new float[n];
                read(t, (b, i, c) -> b.asFloatBuffer().get(v, i, c));
                return Tensor.ofFloats(v, shape);
            }
            case F64: {
                double[] v = new double[n];
                read(t, (b, i, c) -> b.asDoubleBuffer().get(v, i, c));
                return Tensor.of(DType.FLOAT64, v, shape);
            }
            case F16:
            case BF16:
            case F8_E5M2:
            case F8_E4M3:
                return Tensor.ofFloats(readNarrowFloats(t, n), shape);
            default:
                return Tensor.indices(readIntegers(t, n), shape);
        }
    }

    /**
     * The tensor's bytes exactly as stored (little-endian, row-major), for dtypes or values a SeqLab
     * tensor cannot hold unchanged (U64 above 2^63, F16 kept as F16).
     */
    public byte[] rawBytes(String name) {
        TensorInfo t = info(name);
        if (t.byteLength() > MAX_ELEMENTS) {
            throw Refusals.reading(Problem.UNREPRESENTABLE, file, name, "its " + t.byteLength() + " bytes do not"
                    + " fit in one Java array (at most " + MAX_ELEMENTS + ").", "Read it with tensor(name) instead.");
        }
        byte[] out = new byte[(int) t.byteLength()];
        read(t, 1, (b, i, c) -> b.get(out, i, c));
        return out;
    }

    private int elementCount(TensorInfo t) {
        if (t.numel() > MAX_ELEMENTS) {
            throw Refusals.reading(Problem.UNREPRESENTABLE, file, t.name(), "shape " + t.shape() + " has "
                    + t.numel() + " elements, more than one SeqLab tensor can hold (" + MAX_ELEMENTS + ").",
                    "Split the tensor into smaller ones before saving.");
        }
        return (int) t.numel();
    }

    private float[] readNarrowFloats(TensorInfo t, int n) {
        float[] v = new float[n];
        SafetensorsDType d = t.dtype();
        read(t, (b, i, c) -> {
            for (int k = 0; k < c; k++) {
                switch (d) {
                    case F16: v[i + k] = FloatFormats.f16ToFloat(b.getShort() & 0xFFFF); break;
                    case BF16: v[i + k] = FloatFormats.bf16ToFloat(b.getShort() & 0xFFFF); break;
                    case F8_E5M2: v[i + k] = FloatFormats.f8e5m2ToFloat(b.get() & 0xFF); break;
                    default: v[i + k] = FloatFormats.f8e4m3ToFloat(b.get() & 0xFF); break;
                }
            }
        });
        return v;
    }

    private long[] readIntegers(TensorInfo t, int n) {
        long[] v = new long[n];
        SafetensorsDType d = t.dtype();
        read(t, (b, i, c) -> {
            for (int k = 0; k < c; k++) {
                long x;
                switch (d) {
                    case BOOL:
                        x = b.get() & 0xFF;
                        if (x > 1) {
                            throw Refusals.malformed(Problem.UNREPRESENTABLE, file, t.name(), "element " + (i + k)
                                    + " of this BOOL tensor is the byte " + x + "; a BOOL is stored as 0 or 1.");
                        }
                        break;
                    case U8: x = b.get() & 0xFF; break;
                    case I8: x = b.get(); break;
                    case I16: x = b.getShort(); break;
                    case U16: x = b.getShort() & 0xFFFF; break;
                    case I32: x = b.getInt(); break;
                    case U32: x = b.getInt() & 0xFFFF_FFFFL; break;
                    case I64: x = b.getLong(); break;
                    default:                                   // U64
                        x = b.getLong();
                        if (x < 0) {
                            throw Refusals.reading(Problem.UNREPRESENTABLE, file, t.name(), "element " + (i + k)
                                    + " of this U64 tensor is " + Long.toUnsignedString(x) + ", above the int64"
                                    + " maximum " + Long.MAX_VALUE + ".", "Read its bytes with rawBytes(name).");
                        }
                        break;
                }
                v[i + k] = x;
            }
        });
        return v;
    }

    /** Receives {@code count} little-endian elements, the first being element {@code index}. */
    @FunctionalInterface
    private interface Chunk {
        void accept(ByteBuffer elements, int index, int count);
    }

    /** Reads the tensor's byte range chunk by chunk (at most {@link #CHUNK} bytes held at once). */
    private void read(TensorInfo t, Chunk sink) {
        read(t, t.dtype().byteSize(), sink);
    }

    /** As {@link #read(TensorInfo, Chunk)}, in elements of {@code size} bytes. */
    private void read(TensorInfo t, int size, Chunk sink) {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, t.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + t.begin();
        long remaining = t.byteLength();
        int index = 0;
        try {
            while (remaining > 0) {
                int length = (int) Math.min(CHUNK, remaining);
                buf.clear().limit(length);
                readFully(file, channel, buf, position);
                buf.flip();
                int count = length / size;
                sink.accept(buf.slice().order(ByteOrder.LITTLE_ENDIAN), index, count);
                index += count;
                position += length;
                remaining -= length;
            }
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** Fills {@code buf} from {@code position}; a file that ends first has shrunk since it was opened. */
    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at);
            if (r < 0) {
                throw Refusals.reading(Problem.TRUNCATED, file, null, "the file ended at byte " + at + " while "
                        + (buf.remaining()) + " more bytes were expected; it was changed or truncated while being"
                        + " read.", "Read it again once it is complete.");
            }
            at += r;
        }
    }

    static SafetensorsException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return Refusals.reading(Problem.IO, file, null, "the file does not exist.", "Check the path.");
        }
        if (e instanceof AccessDeniedException) {
            return Refusals.reading(Problem.IO, file, null, "permission denied.", "Check the file's permissions.");
        }
        return Refusals.io(true, file, "I/O error: " + e + ".", "", e);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // The open failed already; that failure is what the caller needs to see.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }
}
