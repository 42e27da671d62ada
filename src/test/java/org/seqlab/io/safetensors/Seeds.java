package org.seqlab.io.safetensors;

import static org.seqlab.io.safetensors.Handmade.f32;
import static org.seqlab.io.safetensors.Handmade.f64;
import static org.seqlab.io.safetensors.Handmade.i32;
import static org.seqlab.io.safetensors.Handmade.i64;
import static org.seqlab.io.safetensors.Handmade.u16;
import static org.seqlab.io.safetensors.Handmade.u8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;

/**
 * Valid files that the damage tests start from: written by the writer (F32, F16, BF16 storage) and
 * by hand (every readable dtype). {@link #main} regenerates Jazzer's committed seed corpus from them.
 */
final class Seeds {
    /** Where Jazzer looks for the regression inputs of {@link SafetensorsFuzzTest}. */
    static final Path CORPUS = Path.of("src/test/resources/org/seqlab/io/safetensors/SafetensorsFuzzTestInputs",
            "anyBytesAreReadOrRefusedWithSafetensorsException");

    private Seeds() {
    }

    /** File name to bytes. */
    static Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("handmade-empty", Handmade.file(Handmade.padded("{}")));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("encoder.weight", Tensor.ofFloats(new float[] {1, -2, 3.5f, Float.NaN, 0, 6}, 2, 3));
        tensors.put("encoder.bias", Tensor.of(DType.FLOAT64, new double[] {0.25, -1e300}, 2));
        tensors.put("ids", Tensor.indices(new long[] {1, 2, 3, Long.MIN_VALUE}, 2, 2));
        tensors.put("scalar", Tensor.scalar(DType.FLOAT32, 3));
        tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 4));
        Path temp = Files.createTempFile("seed", ".safetensors");
        try {
            for (SafetensorsDType as : new SafetensorsDType[] {SafetensorsDType.F32, SafetensorsDType.F16,
                SafetensorsDType.BF16}) {
                Safetensors.write(temp, tensors, Map.of("format", "pt", "note", "seed"), as);
                seeds.put("written-" + as.name().toLowerCase(java.util.Locale.ROOT), Files.readAllBytes(temp));
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        seeds.put("handmade-every-dtype", new Handmade.Builder()
                .add("bool", "BOOL", "[3]", u8(1, 0, 1)).add("u8", "U8", "[2]", u8(0, 255))
                .add("i8", "I8", "[1]", u8(0x80)).add("e5m2", "F8_E5M2", "[1]", u8(0x3C))
                .add("e4m3", "F8_E4M3", "[1]", u8(0x38)).add("i16", "I16", "[1]", u16(0x8000))
                .add("u16", "U16", "[1]", u16(0xFFFF)).add("i32", "I32", "[2]", i32(-1, 7))
                .add("u32", "U32", "[1]", i32(-1)).add("u64", "U64", "[1]", i64(5))
                .add("f64", "F64", "[1,1]", f64(2)).add("f32", "F32", "[]", f32(1)).build());
        return seeds;
    }

    /** Rewrites the seed corpus; run from the project folder after a deliberate format change. */
    public static void main(String[] args) throws IOException {
        Files.createDirectories(CORPUS);
        for (Map.Entry<String, byte[]> e : files().entrySet()) {
            Files.write(CORPUS.resolve(e.getKey()), e.getValue());
        }
    }
}
