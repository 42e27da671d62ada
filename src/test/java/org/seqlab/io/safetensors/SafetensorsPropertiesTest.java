package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;

/**
 * Properties over many generated files: valid maps of tensors round-trip, and randomly damaged
 * files (bytes flipped, numbers and dtypes in the header swapped for hostile ones, the length field
 * changed, the file cut or grown) are either read or refused with a {@link SafetensorsException}
 * naming the file -- never another exception type, never an out-of-memory or index error.
 */
class SafetensorsPropertiesTest {
    private static Path dir;
    private static List<byte[]> seeds;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("safetensors-properties");
        seeds = new ArrayList<>(Seeds.files().values());
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- damaged files -------------------------------------------------------------------------

    private static final byte[] INTERESTING_BYTES = "{}[]\":,-.e0123456789 n\\".getBytes(StandardCharsets.US_ASCII);
    private static final String[] HOSTILE_NUMBERS = {"0", "1", "-1", "2", "7", "8", "9", "16", "255", "65536",
        "2147483647", "2147483648", "4294967296", "4611686018427387904", "9223372036854775807",
        "9223372036854775808", "18446744073709551616", "99999999999999999999999999", "1e3", "2.0", "-0", "00",
        "0.5", "1E400", "-9223372036854775808"};
    private static final String[] DTYPES = {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
        "I32", "U32", "F32", "F64", "I64", "U64", "F8_E8M0", "F4", "C64", "f32", "", "Q4"};
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\":\"([^\"]*)\"");

    @Property(tries = 3000)
    void damagedFilesAreReadOrRefusedOnlyWithSafetensorsException(@ForAll("seedIndex") int seed,
            @ForAll long randomness) throws IOException {
        SplittableRandom rng = new SplittableRandom(randomness);
        byte[] bytes = seeds.get(seed).clone();
        int mutations = 1 + rng.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            bytes = mutate(bytes, rng);
        }
        Path f = dir.resolve("damaged.safetensors");
        Files.write(f, bytes);
        String outcome = "read";
        try (SafetensorsReader r = Safetensors.open(f)) {
            for (String name : r.names()) {
                try {
                    Tensor t = r.tensor(name);
                    assertThat(t.numel()).isEqualTo(r.info(name).numel());
                } catch (SafetensorsException e) {
                    assertThat(e.getMessage()).contains(f.toString());
                    outcome = "tensor refused: " + e.problem();
                }
                assertThat(r.rawBytes(name)).hasSize((int) r.info(name).byteLength());
            }
        } catch (SafetensorsException e) {
            assertThat(e.getMessage()).contains(f.toString());
            outcome = e.problem().toString();
        }
        // The damage must reach every rule behind the JSON parser, or this property proves little.
        Statistics.collect(outcome);
        Statistics.coverage(c -> {
            for (String rule : new String[] {"read", "HEADER_TOO_LARGE", "HEADER_BEYOND_FILE", "HEADER_NOT_JSON",
                "BAD_DTYPE", "BAD_SHAPE", "BAD_OFFSETS", "SIZE_MISMATCH", "OFFSETS_OUTSIDE_BUFFER", "HOLE"}) {
                c.check(rule).count(n -> n > 0);
            }
        });
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, 3);
    }

    private static byte[] mutate(byte[] b, SplittableRandom rng) {
        int headerEnd = headerEnd(b);
        switch (rng.nextInt(9)) {
            case 0: {                                                   // flip one bit anywhere
                if (b.length > 0) {
                    int i = rng.nextInt(b.length);
                    b[i] ^= (byte) (1 << rng.nextInt(8));
                }
                return b;
            }
            case 1: {                                                   // a JSON-significant byte in the header
                if (headerEnd > 8) {
                    b[8 + rng.nextInt(headerEnd - 8)] = INTERESTING_BYTES[rng.nextInt(INTERESTING_BYTES.length)];
                }
                return b;
            }
            case 2: {                                                   // a hostile header length
                long[] lengths = {0, 1, 2, headerEnd - 9L, headerEnd - 7L, b.length, b.length - 8L, 1L << 31,
                    1L << 62, -1, Long.MIN_VALUE, Safetensors.MAX_HEADER_BYTES, Safetensors.MAX_HEADER_BYTES + 1};
                byte[] len = Handmade.u64(lengths[rng.nextInt(lengths.length)]);
                System.arraycopy(len, 0, b, 0, Math.min(8, b.length));
                return b;
            }
            case 3:                                                     // a number in the header
                return replaceInHeader(b, NUMBER, 0, HOSTILE_NUMBERS[rng.nextInt(HOSTILE_NUMBERS.length)], rng);
            case 4:                                                     // a dtype in the header
                return replaceInHeader(b, DTYPE, 1, DTYPES[rng.nextInt(DTYPES.length)], rng);
            case 5:                                                     // cut the file
                return Arrays.copyOf(b, b.length == 0 ? 0 : rng.nextInt(b.length));
            case 6: {                                                   // grow the file
                byte[] out = Arrays.copyOf(b, b.length + 1 + rng.nextInt(16));
                for (int i = b.length; i < out.length; i++) {
                    out[i] = (byte) rng.nextInt(256);
                }
                return out;
            }
            case 7: {                                                   // delete a range
                if (b.length < 2) {
                    return b;
                }
                int from = rng.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + rng.nextInt(8));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                return out;
            }
            default: {                                                  // any byte, any value
                if (b.length > 0) {
                    b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                }
                return b;
            }
        }
    }

    /** The end of the header as the length field says, clamped to the file. */
    private static int headerEnd(byte[] b) {
        if (b.length < 8) {
            return b.length;
        }
        long n = java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return (int) Math.max(8, Math.min(b.length, n < 0 ? b.length : 8 + n));
    }

    /**
     * Replaces one match of {@code pattern} (group {@code group}) in the header text and, half of the
     * time, fixes the length field so the damage reaches the validation behind the JSON parser.
     */
    private static byte[] replaceInHeader(byte[] b, Pattern pattern, int group, String replacement,
            SplittableRandom rng) {
        int end = headerEnd(b);
        if (end <= 8) {
            return b;
        }
        String header = new String(b, 8, end - 8, StandardCharsets.ISO_8859_1);   // byte-preserving
        Matcher m = pattern.matcher(header);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(group), m.end(group)});
        }
        if (spans.isEmpty()) {
            return b;
        }
        int[] s = spans.get(rng.nextInt(spans.size()));
        String changed = header.substring(0, s[0]) + replacement + header.substring(s[1]);
        byte[] h = changed.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[8 + h.length + (b.length - end)];
        System.arraycopy(b, 0, out, 0, 8);
        if (rng.nextBoolean()) {
            System.arraycopy(Handmade.u64(h.length), 0, out, 0, 8);
        }
        System.arraycopy(h, 0, out, 8, h.length);
        System.arraycopy(b, end, out, 8 + h.length, b.length - end);
        return out;
    }

    // ---- valid files ---------------------------------------------------------------------------

    @Property(tries = 200)
    void anyMapOfTensorsRoundTrips(@ForAll long randomness) {
        SplittableRandom rng = new SplittableRandom(randomness);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int count = rng.nextInt(6);
        for (int i = 0; i < count; i++) {
            int rank = rng.nextInt(5);
            long[] shape = new long[rank];
            int numel = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = rng.nextInt(4);
                numel *= (int) shape[d];
            }
            String name = randomName(rng);
            switch (rng.nextInt(3)) {
                case 0: {
                    float[] v = new float[numel];
                    for (int k = 0; k < numel; k++) {
                        v[k] = Float.intBitsToFloat(rng.nextInt());
                    }
                    tensors.put(name, numel == 0 ? Tensor.zeros(DType.FLOAT32, shape) : Tensor.ofFloats(v, shape));
                    break;
                }
                case 1: {
                    double[] v = new double[numel];
                    for (int k = 0; k < numel; k++) {
                        v[k] = Double.longBitsToDouble(rng.nextLong());
                    }
                    tensors.put(name, Tensor.of(DType.FLOAT64, v, shape));
                    break;
                }
                default: {
                    long[] v = new long[numel];
                    for (int k = 0; k < numel; k++) {
                        v[k] = rng.nextLong();
                    }
                    tensors.put(name, Tensor.indices(v, shape));
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = rng.nextInt(3); i > 0; i--) {
            metadata.put(randomName(rng), randomName(rng));
        }

        Path f = dir.resolve("valid.safetensors");
        Safetensors.write(f, tensors, metadata);
        SafetensorsFile back = Safetensors.read(f);

        assertThat(back.tensors().keySet()).containsExactlyInAnyOrderElementsOf(tensors.keySet());
        assertThat(back.metadata()).isEqualTo(metadata);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor expected = e.getValue();
            Tensor actual = back.tensor(e.getKey());
            assertThat(actual.dtype()).isEqualTo(expected.dtype());
            assertThat(actual.shape()).isEqualTo(expected.shape());
            if (expected.numel() > 0) {
                if (expected.dtype() == DType.INT64) {
                    assertThat(actual.toLongArray()).containsExactly(expected.toLongArray());
                } else {
                    // Compare raw bits: NaN payloads and signed zeros must survive too.
                    assertThat(rawBits(actual)).containsExactly(rawBits(expected));
                }
            }
        }
    }

    private static long[] rawBits(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            float[] v = t.toFloatArray();
            long[] b = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            return b;
        }
        return Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static String randomName(SplittableRandom rng) {
        String alphabet = "abcXYZ._-/0 \"\\\n中é";
        StringBuilder sb = new StringBuilder();
        for (int i = rng.nextInt(12); i > 0; i--) {
            sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        if (rng.nextInt(8) == 0) {
            sb.appendCodePoint(0x1F600);                                // a supplementary character
        }
        String s = sb.toString();
        return s.equals("__metadata__") ? "x" : s;
    }
}
