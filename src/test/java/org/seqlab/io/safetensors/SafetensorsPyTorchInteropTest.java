package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;

/**
 * Against an implementation that is not ours: DJL's safetensors codec over PyTorch (test scope
 * only). PyTorch reads the files SeqLab writes, SeqLab reads the files PyTorch writes, and
 * PyTorch's own float16 conversions agree with {@link FloatFormats} bit for bit. (BF16 is left
 * out: DJL 0.36's PyTorch engine aborts the JVM converting bfloat16.)
 */
class SafetensorsPyTorchInteropTest {
    private static NDManager torch;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPyTorch() {
        torch = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void stopPyTorch() {
        torch.close();
    }

    private static Map<String, NDArray> decode(Path file) throws IOException {
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray a : NDList.decode(torch, Files.readAllBytes(file))) {
            byName.put(a.getName(), a);
        }
        return byName;
    }

    @Test
    void pyTorchReadsTheFilesSeqLabWrites() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("encoder.weight_ih_l0", Tensor.ofFloats(new float[] {1, -2, 3.5f, 0.1f, -0.0f, 6}, 2, 3));
        tensors.put("encoder.bias", Tensor.of(DType.FLOAT64, new double[] {0.25, Math.PI}, 2));
        tensors.put("ids", Tensor.indices(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 2, 1, 2));
        tensors.put("scalar", Tensor.scalar(DType.FLOAT32, 2.5));
        Path f = dir.resolve("seqlab.safetensors");
        Safetensors.write(f, tensors, Map.of("format", "pt"));

        Map<String, NDArray> read = decode(f);
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(tensors.keySet());
        NDArray w = read.get("encoder.weight_ih_l0");
        assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(w.getShape().getShape()).containsExactly(2, 3);
        assertThat(w.toFloatArray()).containsExactly(1, -2, 3.5f, 0.1f, -0.0f, 6);
        assertThat(read.get("encoder.bias").getDataType()).isEqualTo(DataType.FLOAT64);
        assertThat(read.get("encoder.bias").toDoubleArray()).containsExactly(0.25, Math.PI);
        assertThat(read.get("ids").getDataType()).isEqualTo(DataType.INT64);
        assertThat(read.get("ids").getShape().getShape()).containsExactly(2, 1, 2);
        assertThat(read.get("ids").toLongArray()).containsExactly(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
        assertThat(read.get("scalar").getShape().dimension()).isZero();
        assertThat(read.get("scalar").toFloatArray()).containsExactly(2.5f);

        Safetensors.write(f, Map.of("half", Tensor.ofFloats(new float[] {1, 0.1f, -65504, 1e-7f}, 4)), null,
                SafetensorsDType.F16);
        NDArray half = decode(f).get("half");
        assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
        assertThat(half.toType(DataType.FLOAT32, false).toFloatArray())
                .containsExactly(1, 0.0999755859375f, -65504, 1.1920928955078125E-7f);
    }

    @Test
    void seqLabReadsTheFilesPyTorchWrites() throws IOException {
        NDList list = new NDList();
        list.add(named(torch.create(new float[] {1, -2, 3.5f, 4}, new ai.djl.ndarray.types.Shape(2, 2)), "w"));
        list.add(named(torch.create(new double[] {Math.E}), "d"));
        list.add(named(torch.create(new long[] {7, -1}), "ids"));
        list.add(named(torch.create(new int[] {-5, 6}), "i32"));
        list.add(named(torch.create(new byte[] {-1, 2}).toType(DataType.UINT8, false), "u8"));
        list.add(named(torch.create(new boolean[] {true, false, true}), "mask"));
        list.add(named(torch.create(new float[] {1, 0.1f, -65504}).toType(DataType.FLOAT16, false), "half"));
        list.add(named(torch.create(3.5f), "scalar"));
        Path f = Files.write(dir.resolve("pytorch.safetensors"), list.encode(NDList.Encoding.SAFETENSORS));

        SafetensorsFile read = Safetensors.read(f);
        assertThat(read.tensor("w").shape()).isEqualTo(Shape.of(2, 2));
        assertThat(read.tensor("w").toFloatArray()).containsExactly(1, -2, 3.5f, 4);
        assertThat(read.tensor("d").toDoubleArray()).containsExactly(Math.E);
        assertThat(read.tensor("ids").toLongArray()).containsExactly(7, -1);
        assertThat(read.storedDType("i32")).isEqualTo(SafetensorsDType.I32);
        assertThat(read.tensor("i32").toLongArray()).containsExactly(-5, 6);
        assertThat(read.tensor("u8").toLongArray()).containsExactly(255, 2);
        assertThat(read.storedDType("mask")).isEqualTo(SafetensorsDType.BOOL);
        assertThat(read.tensor("mask").toLongArray()).containsExactly(1, 0, 1);
        assertThat(read.storedDType("half")).isEqualTo(SafetensorsDType.F16);
        assertThat(read.tensor("half").toFloatArray()).containsExactly(1, 0.0999755859375f, -65504);
        assertThat(read.tensor("scalar").shape()).isEqualTo(Shape.of());
    }

    @Test
    void everyF16WidensAsPyTorchWidensIt() throws IOException {
        int[] all = new int[0x1_0000];
        for (int h = 0; h < all.length; h++) {
            all[h] = h;
        }
        Path f = Files.write(dir.resolve("all-halves.safetensors"), new Handmade.Builder()
                .add("h", "F16", "[65536]", Handmade.u16(all)).build());
        float[] byPyTorch = decode(f).get("h").toType(DataType.FLOAT32, false).toFloatArray();
        float[] bySeqLab = Safetensors.read(f).tensor("h").toFloatArray();
        for (int h = 0; h < all.length; h++) {
            if (Float.isNaN(byPyTorch[h])) {
                assertThat(bySeqLab[h]).as("0x%04x", h).isNaN();
            } else {
                assertThat(Float.floatToRawIntBits(bySeqLab[h])).as("0x%04x", h)
                        .isEqualTo(Float.floatToRawIntBits(byPyTorch[h]));
            }
        }
    }

    @Test
    void float32NarrowsToF16AsPyTorchNarrowsIt() throws IOException {
        // Every F16 midpoint and its float neighbours (the rounding edge cases), plus random floats.
        SplittableRandom rng = new SplittableRandom(7);
        float[] values = new float[3 * 0x7C00 + 100_000];
        int n = 0;
        for (int h = 0; h < 0x7C00; h++) {
            float lo = FloatFormats.f16ToFloat(h);
            float mid = lo + (FloatFormats.f16ToFloat(h + 1) - lo) / 2;
            values[n++] = mid;
            values[n++] = Math.nextDown(mid);
            values[n++] = (h & 1) == 0 ? -Math.nextUp(mid) : Math.nextUp(mid);
        }
        while (n < values.length) {
            float v = Float.intBitsToFloat(rng.nextInt());
            values[n++] = Float.isNaN(v) ? 0 : v;
        }
        NDArray halves = named(torch.create(values).toType(DataType.FLOAT16, false), "h");
        Path f = Files.write(dir.resolve("narrowed.safetensors"), new NDList(halves).encode(NDList.Encoding.SAFETENSORS));
        float[] byPyTorch = Safetensors.read(f).tensor("h").toFloatArray();
        for (int i = 0; i < values.length; i++) {
            float bySeqLab = FloatFormats.f16ToFloat(FloatFormats.floatToF16(values[i]));
            assertThat(Float.floatToRawIntBits(bySeqLab)).as("%s (0x%08x)", values[i],
                    Float.floatToRawIntBits(values[i])).isEqualTo(Float.floatToRawIntBits(byPyTorch[i]));
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }
}
