package org.seqlab.io.safetensors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Safetensors bytes put together in the tests straight from the spec, without the code under test:
 * an 8-byte little-endian length, the header text as given, then the data bytes as given.
 */
final class Handmade {
    private Handmade() {
    }

    /** The file: {@code u64le(len(header))}, the header bytes unchanged, then each data part in order. */
    static byte[] file(String header, byte[]... data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] file(byte[] header, byte[]... data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(u64(header.length));
        out.writeBytes(header);
        for (byte[] d : data) {
            out.writeBytes(d);
        }
        return out.toByteArray();
    }

    /** The header padded with spaces to a multiple of 8 bytes, as the reference writer pads it. */
    static String padded(String json) {
        int n = json.getBytes(StandardCharsets.UTF_8).length;
        return json + " ".repeat((8 - n % 8) % 8);
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] f32(float... v) {
        ByteBuffer b = le(4 * v.length);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] f64(double... v) {
        ByteBuffer b = le(8 * v.length);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] i64(long... v) {
        ByteBuffer b = le(8 * v.length);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    static byte[] i32(int... v) {
        ByteBuffer b = le(4 * v.length);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    /** 16-bit little-endian values (I16, U16, F16 and BF16 bit patterns). */
    static byte[] u16(int... v) {
        ByteBuffer b = le(2 * v.length);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static byte[] u8(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A header-and-data builder for files with many tensors: each {@code add} appends the data and
     * records {@code data_offsets} from the running length, in the order given (the spec leaves the
     * order to the writer).
     */
    static final class Builder {
        private final List<String> entries = new ArrayList<>();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        Builder add(String name, String dtype, String shape, byte[] bytes) {
            int begin = data.size();
            data.writeBytes(bytes);
            entries.add("\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":["
                    + begin + "," + data.size() + "]}");
            return this;
        }

        byte[] build() {
            return file(padded("{" + String.join(",", entries) + "}"), data.toByteArray());
        }
    }
}
