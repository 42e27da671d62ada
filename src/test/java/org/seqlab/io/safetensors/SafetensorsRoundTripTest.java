package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;
import org.seqlab.io.safetensors.SafetensorsException.Problem;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    /** Values that break careless conversions: signed zeros, extremes, subnormals, infinities, NaN. */
    private static final float[] SPECIAL_FLOATS = {0f, -0f, 1f, -1.5f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.MIN_NORMAL, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, 0.1f, 1e-40f};
    private static final double[] SPECIAL_DOUBLES = {0, -0.0, 1, -1.5, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_NORMAL, Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0.1,
        Math.PI, 1e-310};
    private static final long[] SPECIAL_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1,
        Integer.MIN_VALUE, 4294967296L, -4294967297L, 255, -128, 65535, 42};

    private SafetensorsFile roundTrip(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Path f = dir.resolve("rt.safetensors");
        Safetensors.write(f, tensors, metadata);
        return Safetensors.read(f);
    }

    @Test
    void float32ValuesRoundTripBitForBit() {
        Tensor t = Tensor.ofFloats(SPECIAL_FLOATS, 2, 7);
        SafetensorsFile back = roundTrip(Map.of("w", t), null);
        assertThat(back.storedDType("w")).isEqualTo(SafetensorsDType.F32);
        assertThat(back.tensor("w").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(back.tensor("w").shape()).isEqualTo(Shape.of(2, 7));
        assertThat(bits(back.tensor("w").toFloatArray())).containsExactly(bits(SPECIAL_FLOATS));
    }

    @Test
    void float64ValuesRoundTripBitForBit() {
        Tensor t = Tensor.of(DType.FLOAT64, SPECIAL_DOUBLES, 14);
        SafetensorsFile back = roundTrip(Map.of("w", t), null);
        assertThat(back.storedDType("w")).isEqualTo(SafetensorsDType.F64);
        assertThat(back.tensor("w").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(bits(back.tensor("w").toDoubleArray())).containsExactly(bits(SPECIAL_DOUBLES));
    }

    @Test
    void int64ValuesRoundTripExactly() {
        Tensor t = Tensor.indices(SPECIAL_LONGS, 7, 2);
        SafetensorsFile back = roundTrip(Map.of("ids", t), null);
        assertThat(back.storedDType("ids")).isEqualTo(SafetensorsDType.I64);
        assertThat(back.tensor("ids").dtype()).isEqualTo(DType.INT64);
        assertThat(back.tensor("ids").toLongArray()).containsExactly(SPECIAL_LONGS);
    }

    @ParameterizedTest(name = "float tensors stored as {0}")
    @EnumSource(value = SafetensorsDType.class, names = {"F16", "BF16", "F32", "F64"})
    void floatsStoredNarrowerComeBackAsTheNearestRepresentableValue(SafetensorsDType as) {
        Tensor f32 = Tensor.ofFloats(SPECIAL_FLOATS, 14);
        Tensor f64 = Tensor.of(DType.FLOAT64, SPECIAL_DOUBLES, 14);
        Tensor ids = Tensor.indices(SPECIAL_LONGS, 14);
        Path f = dir.resolve("narrow.safetensors");
        Safetensors.write(f, Map.of("f32", f32, "f64", f64, "ids", ids), null, as);
        SafetensorsFile back = Safetensors.read(f);

        assertThat(back.storedDType("f32")).isEqualTo(as);
        assertThat(back.storedDType("f64")).isEqualTo(as);
        assertThat(back.storedDType("ids")).isEqualTo(SafetensorsDType.I64);      // integers are never narrowed
        assertThat(back.tensor("ids").toLongArray()).containsExactly(SPECIAL_LONGS);
        for (String name : new String[] {"f32", "f64"}) {
            double[] original = (name.equals("f32") ? f32 : f64).toDoubleArray();
            double[] read = back.tensor(name).toDoubleArray();
            for (int i = 0; i < original.length; i++) {
                assertThat(read[i]).as("%s[%d] = %s stored as %s", name, i, original[i], as)
                        .isEqualTo(Double.valueOf(expectedAfterStoring(original[i], as)));   // NaN equals NaN
            }
        }
    }

    /** The value a float64 comes back as: rounded to float32 first, then to the storage format. */
    private static double expectedAfterStoring(double v, SafetensorsDType as) {
        float f = (float) v;
        switch (as) {
            case F16: return FloatFormats.f16ToFloat(FloatFormats.floatToF16(f));
            case BF16: return FloatFormats.bf16ToFloat(FloatFormats.floatToBf16(f));
            case F32: return f;
            default: return v;
        }
    }

    @Test
    void scalarEmptyAndHighRankShapesRoundTrip() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.scalar(DType.FLOAT32, 2.5));
        tensors.put("scalar64", Tensor.scalar(DType.FLOAT64, -7.25));
        tensors.put("scalarIds", Tensor.indices(new long[] {9}));
        tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0));
        tensors.put("emptyMiddle", Tensor.zeros(DType.FLOAT64, 2, 0, 3));
        tensors.put("emptyIds", Tensor.zeros(DType.INT64, 4, 0));
        tensors.put("emptyFromFloats", Tensor.ofFloats(new float[0], 3, 0));
        long[] rank8 = {1, 2, 1, 3, 1, 1, 2, 1};
        tensors.put("rank8", Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, rank8));
        long[] rank64 = new long[64];
        java.util.Arrays.fill(rank64, 1);
        rank64[63] = 2;
        tensors.put("rank64", Tensor.indices(new long[] {3, 4}, rank64));

        SafetensorsFile back = roundTrip(tensors, Map.of());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = back.tensor(e.getKey());
            assertThat(t.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
            assertThat(t.dtype()).as(e.getKey()).isEqualTo(e.getValue().dtype());
        }
        assertThat(back.tensor("scalar").toFloatArray()).containsExactly(2.5f);
        assertThat(back.tensor("scalar64").toDoubleArray()).containsExactly(-7.25);
        assertThat(back.tensor("scalarIds").toLongArray()).containsExactly(9);
        assertThat(back.tensor("emptyMiddle").numel()).isZero();
        assertThat(back.tensor("rank8").toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(back.tensor("rank64").toLongArray()).containsExactly(3, 4);
        assertThat(back.info("emptyMiddle").byteLength()).isZero();
    }

    @Test
    void metadataRoundTripsIncludingEscapesAndNonAsciiText() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "tab\there, \"quotes\", back\\slash, bell\u0007, 中文, emoji \uD83D\uDE00");
        metadata.put("", "empty key");
        metadata.put("empty value", "");
        SafetensorsFile back = roundTrip(Map.of("x", Tensor.ofFloats(new float[] {1}, 1)), metadata);
        assertThat(back.metadata()).isEqualTo(metadata);
    }

    @Test
    void tensorNamesWithAnyTextRoundTrip() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : new String[] {"", "encoder.layers.0.self_attn.in_proj_weight", "weight_ih_l0_reverse",
            "with space", "quote\"and\\slash", "new\nline", "中文", "\uD83D\uDE00", "\uFFFF"}) {
            tensors.put(name, Tensor.ofFloats(new float[] {name.length()}, 1));
        }
        SafetensorsFile back = roundTrip(tensors, null);
        assertThat(back.tensors().keySet()).containsExactlyInAnyOrderElementsOf(tensors.keySet());
        for (String name : tensors.keySet()) {
            assertThat(back.tensor(name).toFloatArray()).as(name).containsExactly((float) name.length());
        }
    }

    @Test
    void writingReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Files.writeString(f, "an older, longer file that is not even safetensors ..................................");
        Safetensors.write(f, Map.of("a", Tensor.ofFloats(new float[] {1, 2}, 2)), null);
        assertThat(Safetensors.read(f).tensor("a").toFloatArray()).containsExactly(1, 2);
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void theLazyReaderValidatesTheHeaderAndLoadsOnlyWhatIsAsked() throws IOException {
        Path f = dir.resolve("lazy.safetensors");
        Safetensors.write(f, Map.of("a", Tensor.ofFloats(new float[] {1, 2}, 2),
                "b", Tensor.indices(new long[] {5}, 1)), Map.of("k", "v"));
        try (SafetensorsReader r = Safetensors.open(f)) {
            assertThat(r.names()).containsExactly("b", "a");                   // I64 before F32
            assertThat(r.info("a")).isEqualTo(new TensorInfo("a", SafetensorsDType.F32, Shape.of(2), 8, 16));
            assertThat(r.metadata()).containsExactly(Map.entry("k", "v"));
            assertThat(r.contains("c")).isFalse();
            assertThat(r.tensor("a").toFloatArray()).containsExactly(1, 2);
            assertThat(r.rawBytes("b")).containsExactly(5, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void tensorsLargerThanOneReadChunkRoundTripAcrossChunkBoundaries() throws IOException {
        int n = 700_001;                                   // 2.8 MB of F32, 1.4 MB of F16: several 1 MiB chunks
        float[] v = new float[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f - 1000;
            ids[i] = (long) i * 2654435761L;
        }
        Path f = dir.resolve("big.safetensors");
        Safetensors.write(f, Map.of("v", Tensor.ofFloats(v, n), "ids", Tensor.indices(ids, n)), null);
        SafetensorsFile back = Safetensors.read(f);
        // isEqualTo (Arrays.equals), not containsExactly, which diffs in quadratic time.
        assertThat(back.tensor("v").toFloatArray()).isEqualTo(v);
        assertThat(back.tensor("ids").toLongArray()).isEqualTo(ids);

        Safetensors.write(f, Map.of("v", Tensor.ofFloats(v, n)), null, SafetensorsDType.F16);
        float[] half = Safetensors.read(f).tensor("v").toFloatArray();
        for (int i = 0; i < n; i += 997) {
            assertThat(half[i]).isEqualTo(FloatFormats.f16ToFloat(FloatFormats.floatToF16(v[i])));
        }
    }

    @Test
    void rawBytesAreTheStoredLittleEndianBytes() throws IOException {
        Path f = dir.resolve("raw.safetensors");
        Safetensors.write(f, Map.of("v", Tensor.ofFloats(new float[] {1, -2}, 2),
                "ids", Tensor.indices(new long[] {1, 258}, 2)), null);
        try (SafetensorsReader r = Safetensors.open(f)) {
            assertThat(r.rawBytes("v")).containsExactly(Handmade.f32(1, -2));
            assertThat(r.rawBytes("ids")).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0);
        }
        byte[] file = Files.readAllBytes(f);
        byte[] tail = java.util.Arrays.copyOfRange(file, file.length - 8, file.length);
        assertThat(tail).containsExactly(Handmade.f32(1, -2));    // F32 after I64 in the buffer
    }

    @Test
    void writingRefusesWhatTheFormatCannotHold() {
        Path f = dir.resolve("refused.safetensors");
        Tensor t = Tensor.ofFloats(new float[] {1}, 1);
        Map<String, Tensor> nullValue = new LinkedHashMap<>();
        nullValue.put("w", null);

        assertThatThrownBy(() -> Safetensors.write(f, Map.of("__metadata__", t), null))
                .isInstanceOfSatisfying(SafetensorsException.class, e -> assertThat(e.problem())
                        .isEqualTo(Problem.CANNOT_WRITE))
                .hasMessageContaining(f.toString()).hasMessageContaining("'__metadata__'").hasMessageContaining("reserved");
        assertThatThrownBy(() -> Safetensors.write(f, nullValue, null))
                .hasMessageContaining("'w'").hasMessageContaining("null");
        assertThatThrownBy(() -> Safetensors.write(f, Map.of("bad\uD800name", t), null))
                .hasMessageContaining("unpaired UTF-16 surrogate");
        assertThatThrownBy(() -> Safetensors.write(f, Map.of("w", t), Map.of("k", "\uDC00")))
                .hasMessageContaining("metadata value of 'k'").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> Safetensors.write(f, Map.of("w", t), null, SafetensorsDType.I32))
                .hasMessageContaining("cannot be stored as I32").hasMessageContaining("F16");
        assertThat(f).doesNotExist();
    }

    @Test
    void writingIntoAMissingFolderFailsNamingTheFileAndLeavesNothingBehind() {
        Path f = dir.resolve("no/such/folder/w.safetensors");
        assertThatThrownBy(() -> Safetensors.write(f, Map.of("w", Tensor.ofFloats(new float[] {1}, 1)), null))
                .isInstanceOfSatisfying(SafetensorsException.class, e -> assertThat(e.problem()).isEqualTo(Problem.IO))
                .hasMessageContaining(f.toString()).hasMessageContaining("folder exists");
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }
}
