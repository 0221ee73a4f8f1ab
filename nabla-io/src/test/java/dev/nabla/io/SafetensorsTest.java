package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsTest {
    private static final int[][] SHAPES = {{}, {0}, {1}, {7}, {2, 0, 3}, {3, 4, 5}, {1, 1, 1, 1}, {0, 0}};

    static Stream<Arguments> dtypesAndShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int[] shape : SHAPES) {
                cases.add(Arguments.of(dtype, shape));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("dtypesAndShapes")
    void roundTripsEveryDtypeAndShapeThroughBytesStreamsAndFiles(DType dtype, int[] shape, @TempDir Path dir)
            throws Exception {
        Tensor t = TestTensors.random(dtype, new Random(shape.length * 31L + dtype.ordinal()), shape);
        Map<String, Tensor> tensors = Map.of("t", t);
        byte[] bytes = Safetensors.toBytes(tensors, Map.of());
        TestTensors.assertSame(tensors, Safetensors.read(bytes).tensors());
        TestTensors.assertSame(tensors, Safetensors.read(new ByteArrayInputStream(bytes)).tensors());
        Path file = dir.resolve("t.safetensors");
        Safetensors.save(tensors, file);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        TestTensors.assertSame(tensors, Safetensors.load(file));
    }

    @Test
    void roundTripsManyTensorsWithMetadata(@TempDir Path dir) throws Exception {
        Random rnd = new Random(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layer.0.weight", TestTensors.random(DType.FLOAT32, rnd, 4, 3));
        tensors.put("layer.0.bias", TestTensors.random(DType.FLOAT32, rnd, 4));
        tensors.put("step", TestTensors.tensor(new long[] {42}));
        tensors.put("mask", TestTensors.random(DType.BOOL, rnd, 5));
        tensors.put("é unicode ✓", TestTensors.random(DType.FLOAT64, rnd, 2, 2));
        Map<String, String> metadata = Map.of("format", "pt", "note", "line\nbreak \"quoted\"");
        Path file = dir.resolve("m.safetensors");
        Safetensors.save(tensors, metadata, file);
        Safetensors.Contents c = Safetensors.read(file);
        TestTensors.assertSame(tensors, c.tensors());
        assertEquals(metadata, c.metadata());
    }

    @Test
    void writesNonContiguousViewsInRowMajorOrder() throws Exception {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor t = m.t(); // [[1, 4], [2, 5], [3, 6]], a strided view
        Tensor back = Safetensors.read(Safetensors.toBytes(Map.of("t", t), Map.of())).tensors().get("t");
        assertArrayEquals(new int[] {3, 2}, back.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.toFloatArray());
        long big = (1L << 53) + 1; // not a double: must not pass through one
        Tensor longs = Tensor.of(new long[] {big, 2, 3, Long.MAX_VALUE, 5, 6}, 2, 3).t();
        Tensor longsBack = Safetensors.read(Safetensors.toBytes(Map.of("l", longs), Map.of())).tensors().get("l");
        assertArrayEquals(new long[] {big, Long.MAX_VALUE, 2, 5, 3, 6},
                ((dev.nabla.backend.Storage.Longs) Tensors.rowMajor(longsBack)).data());
    }

    /** The spec's layout, built by hand: 8-byte LE length, compact JSON padded to 8, LE data. */
    @Test
    void writesExactlyTheSpecifiedBytes() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[] {1.0f, -2.0f}));
        tensors.put("a", Tensor.of(new boolean[] {true, false, true}));
        tensors.put("c", TestTensors.tensor(new long[] {258}));
        String json = "{\"__metadata__\":{\"a\":\"1\",\"z\":\"2\"},"
                + "\"c\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[16,19]}}";
        int padded = (json.length() + 7) / 8 * 8;
        ByteBuffer expected = ByteBuffer.allocate(8 + padded + 19).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded).put(json.getBytes(StandardCharsets.UTF_8));
        expected.put(" ".repeat(padded - json.length()).getBytes(StandardCharsets.US_ASCII));
        expected.putLong(258).putFloat(1.0f).putFloat(-2.0f).put(new byte[] {1, 0, 1});
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("z", "2");
        metadata.put("a", "1");
        assertArrayEquals(expected.array(), Safetensors.toBytes(tensors, metadata));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(tensors, metadata, out);
        assertArrayEquals(expected.array(), out.toByteArray());
    }

    @Test
    void readsAHandBuiltFileInHeaderOrderWithLooseWhitespace() throws Exception {
        String header = "{ \"second\" : {\"shape\": [2], \"dtype\": \"I32\", \"data_offsets\": [4, 12]},\n"
                + "  \"first\": {\"data_offsets\": [0, 4], \"dtype\": \"F32\", \"shape\": []}, \"__metadata__\": null }\n\t ";
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putInt(-3).putInt(7);
        Safetensors.Contents c = Safetensors.read(file(header, data.array()));
        assertEquals(List.of("second", "first"), new ArrayList<>(c.tensors().keySet()));
        assertEquals(DType.INT64, c.tensors().get("second").dtype());
        assertArrayEquals(new long[] {-3, 7}, c.tensors().get("second").toLongArray());
        assertEquals(0.25, c.tensors().get("first").item());
        assertEquals(0, c.tensors().get("first").dim());
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void readsEmptyFileAndZeroSizeTensorsWithHugeDims() throws Exception {
        assertEquals(Map.of(), Safetensors.read(file("{}", new byte[0])).tensors());
        String header = "{\"z\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,0],\"data_offsets\":[0,0]}}";
        Tensor z = Safetensors.read(file(header, new byte[0])).tensors().get("z");
        assertArrayEquals(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 0}, z.shape());
    }

    @Test
    void lays_outWidestTypesFirstThenByName() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a_bool", Tensor.of(new boolean[] {true}));
        tensors.put("b_f32", Tensor.of(new float[] {1}));
        tensors.put("a_f32", Tensor.of(new float[] {1}));
        tensors.put("c_f64", Tensor.of(new double[] {1}));
        tensors.put("z_i64", Tensor.of(new long[] {1}));
        Map<String, Tensor> read = Safetensors.read(Safetensors.toBytes(tensors, null)).tensors();
        assertEquals(List.of("z_i64", "c_f64", "a_f32", "b_f32", "a_bool"), new ArrayList<>(read.keySet()));
    }

    @Test
    void refusesBadArgumentsWhenWriting() {
        Tensor t = Tensor.of(new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of("__metadata__", t), null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(null, null));
        Map<String, Tensor> nullTensor = new LinkedHashMap<>();
        nullTensor.put("x", null);
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(nullTensor, null));
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of("x", t), nullValue));
    }

    static Stream<Arguments> corruptFiles() {
        String ok = "\"dtype\":\"F32\",\"shape\":[2]";
        return Stream.of(
                Arguments.of("too short", new byte[5], "5 bytes, too short to hold the 8-byte header length"),
                Arguments.of("huge length", withLength(file("{}", new byte[0]), -1L),
                        "header length 18446744073709551615 exceeds the limit of 100000000 bytes"),
                Arguments.of("length over limit", withLength(file("{}", new byte[0]), 100_000_001L),
                        "header length 100000001 exceeds the limit"),
                Arguments.of("length past end", withLength(file("{}", new byte[0]), 9),
                        "header length 9 runs past the end of the file (10 bytes)"),
                Arguments.of("empty header", withLength(new byte[8], 0), "header does not start with '{'"),
                Arguments.of("array header", file("[]", new byte[0]), "header does not start with '{'"),
                Arguments.of("bad json", file("{\"a\":}", new byte[0]), "header: JSON: unexpected '}'"),
                Arguments.of("duplicate", file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]},\"a\":{" + ok
                        + ",\"data_offsets\":[0,8]}}", new byte[8]), "duplicate key \"a\""),
                Arguments.of("too deep", file("{\"a\":{\"shape\":[[1]]}}", new byte[0]), "nesting deeper than the limit of 3"),
                Arguments.of("entry not object", file("{\"a\":[1]}", new byte[0]), "tensor 'a': entry must be an object, got an array"),
                Arguments.of("missing field", file("{\"a\":{" + ok + "}}", new byte[0]), "tensor 'a': missing field \"data_offsets\""),
                Arguments.of("unknown field", file("{\"a\":{" + ok + ",\"data_offsets\":[0,8],\"x\":1}}", new byte[8]),
                        "tensor 'a': unknown field \"x\""),
                Arguments.of("dtype not string", file("{\"a\":{\"dtype\":4,\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4]),
                        "dtype must be a string, got the integer 4"),
                Arguments.of("unknown dtype", file("{\"a\":{\"dtype\":\"U64\",\"shape\":[],\"data_offsets\":[0,8]}}", new byte[8]),
                        "unsupported dtype \"U64\" (Nabla reads [F64, F32, F16, BF16, I64, I32, I16, I8, U32, U16, U8, BOOL])"),
                Arguments.of("negative dim", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]),
                        "shape entry 0 must be an integer from 0 to 2^31-1, got the integer -1"),
                Arguments.of("fractional dim", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", new byte[4]),
                        "got the number 1.0"),
                Arguments.of("dim too big", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483648],\"data_offsets\":[0,4]}}", new byte[4]),
                        "shape entry 0 must be an integer from 0 to 2^31-1"),
                Arguments.of("numel overflow", file("{\"a\":{\"dtype\":\"U8\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", new byte[4]),
                        "shape [65536, 65536] has more than 2^31-1 elements"),
                Arguments.of("rank", file("{\"a\":{\"dtype\":\"U8\",\"shape\":[" + "1,".repeat(64) + "1],\"data_offsets\":[0,1]}}", new byte[1]),
                        "shape has 65 dims, more than the 64 supported"),
                Arguments.of("shape not array", file("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", new byte[8]),
                        "shape must be an array of integers, got the integer 2"),
                Arguments.of("offsets arity", file("{\"a\":{" + ok + ",\"data_offsets\":[0,8,9]}}", new byte[8]),
                        "data_offsets must be two non-negative integers [begin, end], got an array [0,8,9]"),
                Arguments.of("negative offset", file("{\"a\":{" + ok + ",\"data_offsets\":[-8,0]}}", new byte[8]),
                        "data_offsets must be two non-negative integers"),
                Arguments.of("reversed offsets", file("{\"a\":{" + ok + ",\"data_offsets\":[8,0]}}", new byte[8]),
                        "data_offsets [8, 0] end before they begin"),
                Arguments.of("past buffer", file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]}}", new byte[7]),
                        "tensor 'a': data_offsets [0, 8] run past the end of the 7-byte data buffer"),
                Arguments.of("byte length", file("{\"a\":{" + ok + ",\"data_offsets\":[0,12]}}", new byte[12]),
                        "data_offsets [0, 12] hold 12 bytes but dtype F32 with shape [2] needs 8"),
                Arguments.of("overlap", file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]},\"b\":{" + ok
                        + ",\"data_offsets\":[4,12]}}", new byte[12]), "tensor 'b': data_offsets [4, 12] overlap those of tensor 'a', which end at 8"),
                Arguments.of("hole", file("{\"a\":{" + ok + ",\"data_offsets\":[4,12]}}", new byte[12]),
                        "leave a hole: bytes 0 to 4 of the data buffer belong to no tensor"),
                Arguments.of("trailing", file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]}}", new byte[9]),
                        "the tensors cover 8 bytes but the data buffer after the header has 9 (1 trailing bytes)"),
                Arguments.of("metadata not object", file("{\"__metadata__\":[]}", new byte[0]),
                        "\"__metadata__\" must be an object of strings, got an array"),
                Arguments.of("metadata value", file("{\"__metadata__\":{\"k\":1}}", new byte[0]),
                        "metadata value of \"k\" must be a string, got the integer 1"),
                Arguments.of("bad utf8", file("{\"\u00ff\":1}", new byte[0], true), "header: JSON: text is not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void refusesCorruptFilesSayingWhatIsWrong(String name, byte[] bytes, String message, @TempDir Path dir)
            throws Exception {
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(bytes));
        assertTrue(e.getMessage().startsWith("safetensors data: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        FormatException fromFile = assertThrows(FormatException.class, () -> Safetensors.load(file));
        assertEquals(file + ": " + e.getMessage().substring("safetensors data: ".length()), fromFile.getMessage());
    }

    /** A safetensors file with {@code header} (unpadded) and {@code data}. */
    static byte[] file(String header, byte[] data) {
        return file(header, data, false);
    }

    private static byte[] file(String header, byte[] data, boolean latin1) {
        byte[] h = header.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    private static byte[] withLength(byte[] file, long length) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        return file;
    }
}
