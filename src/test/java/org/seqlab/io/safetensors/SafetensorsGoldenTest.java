package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.io.safetensors.Handmade.f32;
import static org.seqlab.io.safetensors.Handmade.f64;
import static org.seqlab.io.safetensors.Handmade.i32;
import static org.seqlab.io.safetensors.Handmade.i64;
import static org.seqlab.io.safetensors.Handmade.u16;
import static org.seqlab.io.safetensors.Handmade.u8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;

/**
 * Golden bytes written out by hand from the spec (8-byte little-endian header length, compact JSON
 * header padded with spaces to a multiple of 8, then the little-endian buffer), so that the writer
 * is checked against the format and not against the reader. The expected bytes are the literals in
 * each test; to regenerate after a deliberate format change, edit them here, never from the writer's
 * output.
 */
class SafetensorsGoldenTest {
    @TempDir
    Path dir;

    private byte[] written(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path f = dir.resolve("out.safetensors");
        Safetensors.write(f, tensors, metadata);
        return Files.readAllBytes(f);
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("golden.safetensors"), bytes);
    }

    @Test
    void oneFloat32TensorIsWrittenByteForByteAsTheSpecLaysItOut() throws IOException {
        // The spec's own example: "attn.0", F32, shape [1, 2, 3], values 0..5. The JSON is 64 bytes,
        // already a multiple of 8, so no padding.
        String json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        byte[] expected = Handmade.file(json, f32(0, 1, 2, 3, 4, 5));
        assertThat(json.length()).isEqualTo(64);
        assertThat(expected).startsWith(64, 0, 0, 0, 0, 0, 0, 0);
        assertThat(expected).endsWith(0, 0, 0, 0, 0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40,
                0, 0, (byte) 0x80, 0x40, 0, 0, (byte) 0xA0, 0x40);

        Tensor t = Tensor.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        assertThat(written(Map.of("attn.0", t), null)).isEqualTo(expected);

        SafetensorsFile read = Safetensors.read(file(expected));
        assertThat(read.tensor("attn.0").shape()).isEqualTo(Shape.of(1, 2, 3));
        assertThat(read.tensor("attn.0").toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOfEightBytes() throws IOException {
        // 65 bytes of JSON (a 5-letter name and rank 4) -> 7 spaces -> header length 72.
        String json = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        assertThat(json.length()).isEqualTo(65);
        byte[] expected = Handmade.file(json + "       ", f32(0, 1, 2, 3, 4, 5));
        assertThat(expected[0]).isEqualTo((byte) 72);

        Tensor t = Tensor.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3);
        assertThat(written(Map.of("attn0", t), Map.of())).isEqualTo(expected);
        assertThat(Safetensors.read(file(expected)).tensor("attn0").toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void metadataComesFirstAndAFileWithNoTensorsIsAHeaderAlone() throws IOException {
        // {"__metadata__":{"framework":"pt"}} is 35 bytes -> 5 spaces -> 40; the buffer is empty.
        String json = "{\"__metadata__\":{\"framework\":\"pt\"}}";
        byte[] expected = Handmade.file(json + "     ");
        assertThat(expected).hasSize(48).startsWith(40, 0, 0, 0, 0, 0, 0, 0);
        assertThat(written(Map.of(), Map.of("framework", "pt"))).isEqualTo(expected);

        SafetensorsFile read = Safetensors.read(file(expected));
        assertThat(read.tensors()).isEmpty();
        assertThat(read.metadata()).containsExactly(Map.entry("framework", "pt"));

        // No tensors and no metadata: "{}" plus 6 spaces.
        assertThat(written(Map.of(), null)).isEqualTo(Handmade.file("{}      "));
    }

    @Test
    void tensorsAreOrderedByDtypeAlignmentThenByNameAndPackedFromOffsetZero() throws IOException {
        // Reference order: I64 before F64 before F32 (descending alignment), names in byte order
        // within a dtype ('B' < 'a' < 'a.b' < 'a_b' < 'é'). Metadata keys sorted.
        String json = "{\"__metadata__\":{\"a\":\"1\",\"b\":\"line\\nbreak \\\"quoted\\\" é\"},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"scale\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]},"
                + "\"B\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[28,32]},"
                + "\"a.b\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[32,32]},"
                + "\"a_b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]},"
                + "\"é\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[40,44]}}";
        int jsonBytes = json.getBytes(StandardCharsets.UTF_8).length;
        String header = json + " ".repeat((8 - jsonBytes % 8) % 8);
        byte[] expected = Handmade.file(header, i64(7, -1), f64(0.5), f32(1), f32(2), f32(-0.0f, 3), f32(4));

        Map<String, Tensor> tensors = new LinkedHashMap<>();               // deliberately unsorted
        tensors.put("é", Tensor.ofFloats(new float[] {4}, 1));
        tensors.put("a_b", Tensor.ofFloats(new float[] {-0.0f, 3}, 2));
        tensors.put("scale", Tensor.scalar(DType.FLOAT64, 0.5));
        tensors.put("a", Tensor.ofFloats(new float[] {2}, 1));
        tensors.put("a.b", Tensor.zeros(DType.FLOAT32, 0, 3));
        tensors.put("ids", Tensor.indices(new long[] {7, -1}, 2));
        tensors.put("B", Tensor.ofFloats(new float[] {1}, 1));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("b", "line\nbreak \"quoted\" é");
        metadata.put("a", "1");

        assertThat(new String(written(tensors, metadata), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(written(tensors, metadata)).isEqualTo(expected);

        SafetensorsFile read = Safetensors.read(file(expected));
        assertThat(read.tensors().keySet()).containsExactly("ids", "scale", "B", "a", "a.b", "a_b", "é");
        assertThat(read.metadata()).containsEntry("b", "line\nbreak \"quoted\" é");
    }

    @Test
    void floatsStoredAsF16AndBf16AreTheRoundedBitPatterns() throws IOException {
        Tensor t = Tensor.ofFloats(new float[] {1, -2, 0.1f, 65520, Float.NEGATIVE_INFINITY}, 5);
        String h16 = "{\"x\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]}}";
        String hbf = "{\"x\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[0,10]}}";

        Path f = dir.resolve("half.safetensors");
        Safetensors.write(f, Map.of("x", t), null, SafetensorsDType.F16);
        assertThat(Files.readAllBytes(f)).isEqualTo(Handmade.file(Handmade.padded(h16),
                u16(0x3C00, 0xC000, 0x2E66, 0x7C00, 0xFC00)));
        Safetensors.write(f, Map.of("x", t), null, SafetensorsDType.BF16);
        assertThat(Files.readAllBytes(f)).isEqualTo(Handmade.file(Handmade.padded(hbf),
                u16(0x3F80, 0xC000, 0x3DCD, 0x4780, 0xFF80)));
    }

    @Test
    void everyReadableDtypeLoadsFromHandWrittenBytes() throws IOException {
        byte[] bytes = new Handmade.Builder()
                .add("bool", "BOOL", "[3]", u8(1, 0, 1))
                .add("u8", "U8", "[2]", u8(0, 255))
                .add("i8", "I8", "[2]", u8(0x80, 0x7F))
                .add("e5m2", "F8_E5M2", "[2]", u8(0x3C, 0xFC))
                .add("e4m3", "F8_E4M3", "[2]", u8(0x7E, 0x81))
                .add("i16", "I16", "[2]", u16(0x8000, 0x7FFF))
                .add("u16", "U16", "[1]", u16(0xFFFF))
                .add("f16", "F16", "[2]", u16(0x3555, 0x0001))
                .add("bf16", "BF16", "[1,1]", u16(0x4049))
                .add("i32", "I32", "[2]", i32(Integer.MIN_VALUE, Integer.MAX_VALUE))
                .add("u32", "U32", "[1]", i32(-1))
                .add("f32", "F32", "[]", f32(-1.5f))
                .add("f64", "F64", "[1]", f64(Math.PI))
                .add("i64", "I64", "[2]", i64(Long.MIN_VALUE, Long.MAX_VALUE))
                .add("u64", "U64", "[1]", i64(Long.MAX_VALUE))
                .build();
        SafetensorsFile f = Safetensors.read(file(bytes));

        assertThat(f.tensor("bool").toLongArray()).containsExactly(1, 0, 1);
        assertThat(f.tensor("u8").toLongArray()).containsExactly(0, 255);
        assertThat(f.tensor("i8").toLongArray()).containsExactly(-128, 127);
        assertThat(f.tensor("e5m2").toFloatArray()).containsExactly(1.0f, Float.NEGATIVE_INFINITY);
        assertThat(f.tensor("e4m3").toFloatArray()).containsExactly(448.0f, -0.001953125f);
        assertThat(f.tensor("i16").toLongArray()).containsExactly(-32768, 32767);
        assertThat(f.tensor("u16").toLongArray()).containsExactly(65535);
        assertThat(f.tensor("f16").toFloatArray()).containsExactly(0.333251953125f, 0x1p-24f);
        assertThat(f.tensor("bf16").toFloatArray()).containsExactly(3.140625f);
        assertThat(f.tensor("bf16").shape()).isEqualTo(Shape.of(1, 1));
        assertThat(f.tensor("i32").toLongArray()).containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(f.tensor("u32").toLongArray()).containsExactly(4294967295L);
        assertThat(f.tensor("f32").shape()).isEqualTo(Shape.of());
        assertThat(f.tensor("f32").toFloatArray()).containsExactly(-1.5f);
        assertThat(f.tensor("f64").toDoubleArray()).containsExactly(Math.PI);
        assertThat(f.tensor("i64").toLongArray()).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(f.tensor("u64").toLongArray()).containsExactly(Long.MAX_VALUE);

        assertThat(f.tensor("f16").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.tensor("f64").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(f.tensor("u8").dtype()).isEqualTo(DType.INT64);
        assertThat(f.storedDType("f16")).isEqualTo(SafetensorsDType.F16);
        assertThat(f.storedDType("u32")).isEqualTo(SafetensorsDType.U32);
        assertThat(f.tensors().keySet()).containsExactly("bool", "u8", "i8", "e5m2", "e4m3", "i16", "u16", "f16",
                "bf16", "i32", "u32", "f32", "f64", "i64", "u64");
    }

    @Test
    void tensorsAreListedInFileOrderWhateverTheHeaderOrder() throws IOException {
        // Older writers order the JSON by name; the buffer order is what the file means.
        String json = Handmade.padded("{\"z\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}");
        String reversed = Handmade.padded("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]},"
                + "\"z\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}");
        for (String header : new String[] {json, reversed}) {
            SafetensorsFile f = Safetensors.read(file(Handmade.file(header, u8(9, 1, 2))));
            assertThat(f.tensors().keySet()).containsExactly("z", "a");
            assertThat(f.tensor("z").toLongArray()).containsExactly(9);
            assertThat(f.tensor("a").toLongArray()).containsExactly(1, 2);
        }
    }

    @Test
    void headerMayBePaddedWithAnyJsonWhitespaceAndCarryUnknownEntryFields() throws IOException {
        String header = "{\"x\": {\"dtype\": \"I32\", \"shape\": [1], \"data_offsets\": [0, 4],"
                + " \"note\": {\"from\": [\"another writer\"]}}}\n\t \r";
        SafetensorsFile f = Safetensors.read(file(Handmade.file(header, i32(42))));
        assertThat(f.tensor("x").toLongArray()).containsExactly(42);
    }

    @Test
    void nullMetadataReadsAsNoMetadata() throws IOException {
        SafetensorsFile f = Safetensors.read(file(Handmade.file("{\"__metadata__\":null}")));
        assertThat(f.metadata()).isEmpty();
    }
}
