package org.seqlab.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.seqlab.io.safetensors.Handmade.f32;
import static org.seqlab.io.safetensors.Handmade.i64;
import static org.seqlab.io.safetensors.Handmade.u64;
import static org.seqlab.io.safetensors.Handmade.u8;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqlab.io.safetensors.SafetensorsException.Problem;

/**
 * One test per validation rule: each malformed file is refused with a {@link SafetensorsException}
 * whose message names the file, the tensor (where one is at fault) and the problem.
 */
class MalformedSafetensorsTest {
    @TempDir
    Path dir;

    private Path file;

    private SafetensorsException refused(byte[] bytes) throws IOException {
        file = Files.write(dir.resolve("bad.safetensors"), bytes);
        SafetensorsException e = catchThrowableOfType(SafetensorsException.class, () -> Safetensors.read(file));
        assertThat(e).as("reading the malformed file must throw SafetensorsException").isNotNull();
        assertThat(e.getMessage()).contains(file.toString());
        assertThat(e.file()).isEqualTo(file);
        return e;
    }

    private SafetensorsException refusedHeader(String header, byte[]... data) throws IOException {
        return refused(Handmade.file(header, data));
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private void assertTensorProblem(SafetensorsException e, Problem problem, String tensor, String... words) {
        assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
        assertThat(e.tensor()).as(e.getMessage()).contains(tensor);
        assertThat(e.getMessage()).contains("tensor '" + tensor + "'").contains(words);
    }

    private void assertFileProblem(SafetensorsException e, Problem problem, String... words) {
        assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
        assertThat(e.tensor()).as(e.getMessage()).isEmpty();
        assertThat(e.getMessage()).contains(words);
    }

    // ---- the 8-byte length and the header bytes ------------------------------------------------

    @Test
    void aFileShorterThanTheLengthFieldIsRefused() throws IOException {
        assertFileProblem(refused(new byte[] {8, 0, 0, 0, 0}), Problem.TRUNCATED, "5 bytes", "8-byte header length");
        assertFileProblem(refused(new byte[0]), Problem.TRUNCATED, "0 bytes");
    }

    @Test
    void aHeaderLengthAboveTheLimitIsRefusedBeforeAnythingIsAllocated() throws IOException {
        byte[] bytes = java.util.Arrays.copyOf(u64(100_000_001), 64);
        assertFileProblem(refused(bytes), Problem.HEADER_TOO_LARGE,
                "100000001 bytes", "limit of 100000000");
        // 2^64 - 1 read as unsigned, not as -1.
        assertFileProblem(refused(u64(-1)), Problem.HEADER_TOO_LARGE, "18446744073709551615");
    }

    @Test
    void aHeaderLengthPastTheEndOfTheFileIsRefused() throws IOException {
        byte[] bytes = Handmade.file("{}      ");
        bytes[0] = 99;
        assertFileProblem(refused(bytes), Problem.HEADER_BEYOND_FILE, "header length is 99", "only 8 bytes",
                "truncated");
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefusedWithTheBytePosition() throws IOException {
        // {"a<C3>":{}} -- 0xC3 starts a two-byte sequence, but '"' is no continuation byte.
        byte[] bad = {'{', '"', 'a', (byte) 0xC3, '"', ':', '{', '}', '}'};
        assertFileProblem(refused(Handmade.file(bad)), Problem.HEADER_NOT_UTF8, "not valid UTF-8", "header byte 3");
    }

    @ParameterizedTest(name = "header {0}")
    @ValueSource(strings = {"", "[1, 2]", " {}", "{\"a\":", "{\"a\" {}}", "{} {}", "{}x", "{'a': 1}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[NaN],\"data_offsets\":[0,0]}}", "{\"a\":01}", "{}\u0000"})
    void aHeaderThatIsNotOneJsonObjectIsRefused(String header) throws IOException {
        SafetensorsException e = refusedHeader(header);
        assertThat(e.problem()).as(e.getMessage()).isEqualTo(Problem.HEADER_NOT_JSON);
        assertThat(e.getMessage()).containsPattern("header (is empty|must start with '\\{'|is not valid JSON"
                + "|has content after|object is not closed)");
    }

    @Test
    void deeplyNestedJsonIsRefusedAsJsonWithoutAStackOverflow() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}}";
        assertFileProblem(refusedHeader(header, f32(1)), Problem.HEADER_NOT_JSON, "not valid JSON");
    }

    // ---- tensor entries ------------------------------------------------------------------------

    @Test
    void anEntryThatIsNotAnObjectIsRefused() throws IOException {
        assertTensorProblem(refusedHeader("{\"w\":[0,4]}"), Problem.BAD_ENTRY, "w", "must be an object",
                "found an array");
    }

    @ParameterizedTest(name = "missing {0}")
    @CsvSource(delimiter = '|', value = {
        "dtype        | {\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}",
        "shape        | {\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}",
        "data_offsets | {\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}",
    })
    void anEntryWithoutAFieldIsRefusedNamingTheField(String field, String header) throws IOException {
        assertTensorProblem(refusedHeader(header, f32(1)), Problem.BAD_ENTRY, "w", "has no \"" + field + "\"");
    }

    @Test
    void anEntryWithAFieldTwiceIsRefused() throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertTensorProblem(refusedHeader(header, f32(1)), Problem.BAD_ENTRY, "w", "\"dtype\" twice");
    }

    @ParameterizedTest(name = "dtype {0}")
    @CsvSource(delimiter = '|', value = {
        "\"F33\"     | unknown dtype 'F33'",
        "\"f32\"     | unknown dtype 'f32'",           // the spec's names are upper case
        "\"float32\" | unknown dtype 'float32'",
        "32          | must be a string",
        "null        | must be a string",
    })
    void anUnknownDtypeIsRefusedListingTheKnownOnes(String dtype, String words) throws IOException {
        String header = "{\"w\":{\"dtype\":" + dtype + ",\"shape\":[1],\"data_offsets\":[0,4]}}";
        SafetensorsException e = refusedHeader(header, f32(1));
        assertTensorProblem(e, Problem.BAD_DTYPE, "w", words);
        if (words.startsWith("unknown")) {
            assertThat(e.getMessage()).contains("BOOL, U8, I8", "BF16", "U64");
        }
    }

    @Test
    void aDtypeOfTheSpecThatSeqLabDoesNotReadIsRefusedWithAFix() throws IOException {
        SafetensorsException e = refusedHeader("{" + entry("scale", "F8_E8M0", "[1]", "[0,1]") + "}", u8(1));
        assertTensorProblem(e, Problem.BAD_DTYPE, "scale", "F8_E8M0 is not supported", "tensor.float()");
    }

    @ParameterizedTest(name = "shape {0}")
    @CsvSource(delimiter = '|', value = {
        "[-1]                    | \"shape\" entry 0 is -1; it must be >= 0",
        "[2, 2.5]                | \"shape\" entry 1 is '2.5'; it must be an integer",
        "[2.0]                   | \"shape\" entry 0 is '2.0'; it must be an integer",
        "[\"2\"]                 | \"shape\" entry 0 must be an integer >= 0; found a string",
        "[[2]]                   | found an array",
        "[99999999999999999999]  | beyond the 64-bit range",
        "2                       | \"shape\" must be an array",
        "null                    | \"shape\" must be an array",
    })
    void aShapeThatIsNotNonNegativeIntegersIsRefused(String shape, String words) throws IOException {
        String header = "{\"w\":{\"dtype\":\"U8\",\"shape\":" + shape + ",\"data_offsets\":[0,2]}}";
        assertTensorProblem(refusedHeader(header, u8(1, 2)), Problem.BAD_SHAPE, "w", words);
    }

    @Test
    void aShapeWithMoreThan64DimensionsIsRefused() throws IOException {
        String shape = "[" + "1,".repeat(64) + "1]";
        assertTensorProblem(refusedHeader("{" + entry("w", "U8", shape, "[0,1]") + "}", u8(1)), Problem.BAD_SHAPE,
                "w", "more than 64 dimensions");
    }

    @ParameterizedTest(name = "data_offsets {0}")
    @CsvSource(delimiter = '|', value = {
        "[0]            | found 1 value",
        "[]             | found 0 values",
        "[0, 4, 8]      | found more than two values",
        "[4, 0]         | found begin 4 > end 0",
        "[-4, 0]        | entry 0 is -4; it must be >= 0",
        "[0, 4.0]       | entry 1 is '4.0'; it must be an integer",
        "[\"0\", 4]     | found a string",
        "{\"begin\": 0} | found an object",
    })
    void dataOffsetsThatAreNotTwoOrderedIntegersAreRefused(String offsets, String words) throws IOException {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}";
        assertTensorProblem(refusedHeader(header, f32(1)), Problem.BAD_OFFSETS, "w", "data_offsets", words);
    }

    // ---- sizes and layout ----------------------------------------------------------------------

    @Test
    void aByteRangeThatDoesNotMatchShapeTimesDtypeSizeIsRefused() throws IOException {
        String header = "{" + entry("w", "F32", "[2,2]", "[0,12]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1, 2, 3)), Problem.SIZE_MISMATCH, "w", "[0, 12] hold 12 bytes",
                "shape (2,2) of F32 needs 4 x 4 = 16 bytes");
    }

    @Test
    void aShapeWhoseSizeOverflows64BitsIsRefused() throws IOException {
        // 2^62 * 4 elements overflow; 2^61 * 2 elements fit but their 8-byte size does not.
        String numel = "{" + entry("w", "F32", "[4611686018427387904,4]", "[0,4]") + "}";
        assertTensorProblem(refusedHeader(numel, f32(1)), Problem.SIZE_OVERFLOW, "w", "more bytes than 64 bits");
        String bytes = "{" + entry("v", "F64", "[2305843009213693952,2]", "[0,8]") + "}";
        assertTensorProblem(refusedHeader(bytes, i64(1)), Problem.SIZE_OVERFLOW, "v", "64 bits");
    }

    @Test
    void aHugeShapeWithZeroElementsIsValid() throws IOException {
        file = Files.write(dir.resolve("zero.safetensors"), Handmade.file(
                "{" + entry("w", "F32", "[0,4611686018427387904]", "[0,0]") + "}"));
        assertThat(Safetensors.read(file).tensor("w").numel()).isZero();
    }

    @Test
    void offsetsPastTheEndOfTheBufferAreRefused() throws IOException {
        String header = "{" + entry("w", "F32", "[4]", "[0,16]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1, 2)), Problem.OFFSETS_OUTSIDE_BUFFER, "w",
                "[0, 16] reach past the end of the byte buffer, which holds 8 bytes");
    }

    @Test
    void overlappingTensorsAreRefusedNamingBoth() throws IOException {
        String header = "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1, 2, 3)), Problem.OVERLAP, "b", "[4, 12) overlap tensor 'a'");
    }

    @Test
    void twoTensorsOnTheSameBytesAreRefusedAsOverlapping() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("alias", "F32", "[1]", "[0,4]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1)), Problem.OVERLAP, "alias", "overlap tensor 'a'");
    }

    @Test
    void bytesBetweenTensorsThatNoTensorCoversAreRefused() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[8,12]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1, 2, 3)), Problem.HOLE, "b", "bytes [4, 8) before it",
                "without gaps");
    }

    @Test
    void bytesBeforeTheFirstTensorAreRefused() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", "[4,8]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1, 2)), Problem.HOLE, "a", "bytes [0, 4) before it");
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", "[0,4]") + "}";
        assertFileProblem(refusedHeader(header, f32(1, 2)), Problem.HOLE, "bytes [4, 8) at the end");
        assertFileProblem(refusedHeader("{}", u8(0)), Problem.HOLE, "bytes [0, 1) at the end");
    }

    @Test
    void aNameUsedTwiceIsRefused() throws IOException {
        String header = "{" + entry("w", "F32", "[1]", "[0,4]") + "," + entry("w", "F32", "[1]", "[4,8]") + "}";
        assertTensorProblem(refusedHeader(header, f32(1, 2)), Problem.DUPLICATE_NAME, "w", "appears twice");
    }

    @ParameterizedTest(name = "metadata {0}")
    @CsvSource(delimiter = '|', value = {
        "\"__metadata__\":{\"epochs\":3}                    | value of key 'epochs' is a number",
        "\"__metadata__\":{\"nested\":{\"a\":\"b\"}}        | value of key 'nested' is an object",
        "\"__metadata__\":[\"a\"]                           | must be an object mapping strings to strings",
        "\"__metadata__\":\"text\"                          | must be an object mapping strings to strings",
        "\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}         | has the key 'k' twice",
        "\"__metadata__\":{},\"__metadata__\":{}            | two \"__metadata__\" entries",
    })
    void metadataThatIsNotAStringToStringMapIsRefused(String metadata, String words) throws IOException {
        assertFileProblem(refusedHeader("{" + metadata + "}"), Problem.BAD_METADATA, "__metadata__", words);
    }

    // ---- valid files SeqLab cannot hold, names that are not there, files that are not there -----

    @Test
    void aU64AboveTheInt64RangeIsRefusedPointingToRawBytes() throws IOException {
        SafetensorsException e = refusedHeader(Handmade.padded("{" + entry("count", "U64", "[2]", "[0,16]") + "}"),
                i64(1, -1));
        assertTensorProblem(e, Problem.UNREPRESENTABLE, "count", "element 1", "18446744073709551615", "rawBytes");
        try (SafetensorsReader r = Safetensors.open(file)) {
            assertThat(r.rawBytes("count")).hasSize(16).endsWith(-1, -1, -1, -1, -1, -1, -1, -1);
        }
    }

    @Test
    void aBoolByteOtherThanZeroOrOneIsRefused() throws IOException {
        SafetensorsException e = refusedHeader("{" + entry("mask", "BOOL", "[3]", "[0,3]") + "}", u8(1, 0, 2));
        assertTensorProblem(e, Problem.UNREPRESENTABLE, "mask", "element 2", "byte 2", "0 or 1");
    }

    @Test
    void aTensorTooLargeForOneArrayIsRefusedOnlyWhenLoaded() throws IOException {
        // A valid 2 GiB U8 tensor in a sparse file: the header validates, loading it is refused.
        long n = 1L << 31;
        file = Files.write(dir.resolve("big.safetensors"), Handmade.file(
                Handmade.padded("{" + entry("big", "U8", "[" + n + "]", "[0," + n + "]") + "}")));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() + n);
        }
        try (SafetensorsReader r = Safetensors.open(file)) {
            assertThat(r.info("big").numel()).isEqualTo(n);
            SafetensorsException e = catchThrowableOfType(SafetensorsException.class, () -> r.tensor("big"));
            assertTensorProblem(e, Problem.UNREPRESENTABLE, "big", "2147483648 elements", "Split the tensor");
            e = catchThrowableOfType(SafetensorsException.class, () -> r.rawBytes("big"));
            assertTensorProblem(e, Problem.UNREPRESENTABLE, "big", "2147483648 bytes");
        }
    }

    @Test
    void askingForAMissingTensorListsTheNamesThereAre() throws IOException {
        file = Files.write(dir.resolve("ok.safetensors"), new Handmade.Builder()
                .add("encoder.weight", "F32", "[1]", f32(1)).add("encoder.bias", "F32", "[1]", f32(2)).build());
        SafetensorsException e = catchThrowableOfType(SafetensorsException.class,
                () -> Safetensors.read(file).tensor("decoder.weight"));
        assertTensorProblem(e, Problem.NO_SUCH_TENSOR, "decoder.weight", "no tensor of this name",
                "has 2 tensors: 'encoder.weight', 'encoder.bias'");
        assertThat(e.getMessage()).contains(file.toString());
    }

    @Test
    void aMissingFileOrAFolderIsRefusedNamingThePath() {
        Path missing = dir.resolve("nope.safetensors");
        SafetensorsException e = catchThrowableOfType(SafetensorsException.class, () -> Safetensors.read(missing));
        assertFileProblem(e, Problem.IO, missing.toString(), "does not exist");
        e = catchThrowableOfType(SafetensorsException.class, () -> Safetensors.read(dir));
        assertFileProblem(e, Problem.IO, dir.toString(), "is a folder");
    }

    @Test
    void namesInMessagesAreEscapedAndCut() throws IOException {
        String longName = "x".repeat(5000);
        SafetensorsException e = refusedHeader("{" + entry(longName, "F33", "[1]", "[0,4]") + "}", f32(1));
        assertThat(e.tensor()).contains(longName);
        assertThat(e.getMessage()).hasSizeLessThan(1500).contains("(5000 characters)");
        e = refusedHeader("{" + entry("new\\nline", "F33", "[1]", "[0,4]") + "}", f32(1));
        assertThat(e.getMessage()).contains("tensor 'new\\u000aline'").doesNotContain("\n");
    }
}
