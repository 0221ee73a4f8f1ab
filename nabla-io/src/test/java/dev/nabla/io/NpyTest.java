package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyTest {
    private static final int[][] SHAPES = {{}, {0}, {1}, {7}, {2, 0, 3}, {3, 4, 5}, {1, 1, 1, 1}, {123456789, 0}};

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
    void roundTripsEveryDtypeAndShape(DType dtype, int[] shape, @TempDir Path dir) throws Exception {
        Tensor t = TestTensors.random(dtype, new Random(shape.length * 17L + dtype.ordinal()), shape);
        byte[] bytes = Npy.toBytes(t);
        assertEquals(0, (bytes.length - t.numel() * (long) ElementType.forWriting(dtype).size) % 64,
                "data must start at a multiple of 64 bytes");
        TestTensors.assertSame(t, Npy.read(bytes), "bytes");
        TestTensors.assertSame(t, Npy.read(new ByteArrayInputStream(bytes)), "stream");
        Path file = dir.resolve("t.npy");
        Npy.write(t, file);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        TestTensors.assertSame(t, Npy.read(file), "file");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(t, out);
        assertArrayEquals(bytes, out.toByteArray());
    }

    /** numpy.save's layout, built by hand (the shape padding leaves room to grow axis 0). */
    /** Reading a directory or a missing file names the path (npy, npz and safetensors alike). */
    @Test
    void aDirectoryOrAMissingFileIsNamed(@TempDir Path dir) {
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Npy.read(dir));
        assertEquals("cannot read " + dir + ": it is a directory", e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> Npz.read(dir));
        assertEquals("cannot read " + dir + ": it is a directory", e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> Safetensors.read(dir));
        assertEquals("cannot read " + dir + ": it is a directory", e.getMessage());
        Path missing = dir.resolve("none.npy");
        e = assertThrows(java.nio.file.NoSuchFileException.class, () -> Npy.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void writesNumpysExactHeader() throws Exception {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        ByteBuffer expected = ByteBuffer.allocate(128 + 24).order(ByteOrder.LITTLE_ENDIAN);
        expected.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        expected.putShort((short) 118).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 6; i++) {
            expected.putFloat(i + 0.5f);
        }
        Tensor t = Tensor.of(new float[] {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f}, 2, 3);
        assertArrayEquals(expected.array(), Npy.toBytes(t));
    }

    @Test
    void writesOneDimAndScalarShapesAsPythonTuples() {
        assertTrue(headerOf(Npy.toBytes(Tensor.of(new long[] {1, 2, 3}))).startsWith(
                "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"));
        assertTrue(headerOf(Npy.toBytes(TestTensors.tensor(new boolean[] {true}))).startsWith(
                "{'descr': '|b1', 'fortran_order': False, 'shape': (), }"));
    }

    @Test
    void readsVersion2And3HeadersBigEndianAndPython2Longs() throws Exception {
        byte[] data = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(1.5).putDouble(-2).array();
        Tensor v2 = Npy.read(npy(2, "{'descr': '>f8', 'fortran_order': False, 'shape': (2L,), }\n", data));
        assertArrayEquals(new double[] {1.5, -2}, v2.toDoubleArray());
        byte[] le = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -7).putShort((short) 65535)
                .putShort((short) 1).array();
        Tensor v3 = Npy.read(npy(3, "{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"<u2\"}", le));
        assertEquals(DType.INT64, v3.dtype());
        assertArrayEquals(new long[] {65529, 65535, 1}, v3.toLongArray());
    }

    @Test
    void transposesFortranOrderData() throws Exception {
        // Column-major [[0, 1, 2], [3, 4, 5]] is stored 0 3 1 4 2 5.
        byte[] data = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0).putLong(3).putLong(1).putLong(4).putLong(2).putLong(5).array();
        Tensor t = Npy.read(npy(1, "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }", data));
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, t.toLongArray());
        // Values beyond 2^53 survive the transpose exactly.
        byte[] big = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(Long.MAX_VALUE).putLong(Long.MIN_VALUE).putLong((1L << 53) + 1).putLong(-3).array();
        Tensor b = Npy.read(npy(1, "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 2), }", big));
        assertArrayEquals(new long[] {Long.MAX_VALUE, (1L << 53) + 1, Long.MIN_VALUE, -3},
                ((Storage.Longs) Tensors.rowMajor(b)).data());
    }

    static Stream<Arguments> corruptFiles() {
        String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        return Stream.of(
                Arguments.of("short", new byte[9], "9 bytes are too few for a .npy file"),
                Arguments.of("magic", "PK\u0003\u0004 something".getBytes(StandardCharsets.ISO_8859_1),
                        "not a .npy file (it does not start with \\x93NUMPY)"),
                Arguments.of("version", npy(4, f4, new byte[8]), "unsupported .npy format version 4.0"),
                Arguments.of("header too long", withHeaderLength(npy(2, f4, new byte[8]), 10_001),
                        "header length 10001 exceeds the limit of 10000 bytes"),
                Arguments.of("header past end", withHeaderLength(npy(1, f4, new byte[0]), 9999),
                        "header length 9999 runs past the end of the file"),
                Arguments.of("not a dict", npy(1, "['descr']", new byte[0]), "header: expected '{', found '['"),
                Arguments.of("missing key", npy(1, "{'descr': '<f4', 'shape': (2,)}", new byte[8]),
                        "header has no 'fortran_order' key"),
                Arguments.of("extra key", npy(1, "{'descr': '<f4', 'x': True}", new byte[8]),
                        "unexpected key 'x' (expected descr, fortran_order, shape)"),
                Arguments.of("duplicate key", npy(1, "{'descr': '<f4', 'descr': '<f4'}", new byte[8]),
                        "duplicate key 'descr'"),
                Arguments.of("code", npy(1, "{'descr': __import__('os').system('true')}", new byte[0]),
                        "unexpected '_', expected a string, True, False or a tuple"),
                Arguments.of("pickle", npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                        "unsupported dtype descr '|O' (Python objects are stored with pickle, which Nabla never runs)"),
                Arguments.of("structured", npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", new byte[4]),
                        "unexpected '[', expected a string"),
                Arguments.of("complex", npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                        "unsupported dtype descr '<c8'"),
                Arguments.of("no byte order", npy(1, "{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]),
                        "descr '|f4' lacks a byte order"),
                Arguments.of("int not tuple", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", new byte[8]),
                        "shape (2), } is not a tuple (a 1-D shape is written (n,))"),
                Arguments.of("negative dim", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", new byte[8]),
                        "expected a non-negative integer in shape, found '-'"),
                Arguments.of("dim too big", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", new byte[8]),
                        "shape entry 99999999999 is larger than 2^31-1"),
                Arguments.of("numel overflow", npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (65536, 65536), }", new byte[8]),
                        "shape [65536, 65536] has more than 2^31-1 elements"),
                Arguments.of("rank", npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (" + "1, ".repeat(65) + "), }", new byte[1]),
                        "shape has 65 dims, more than the 64 supported"),
                Arguments.of("fortran not bool", npy(1, "{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,), }", new byte[8]),
                        "'fortran_order' must be True or False"),
                Arguments.of("truncated", npy(1, f4, new byte[7]), "<f4 data of shape [2] needs 8 bytes after the header but the file has 7 (truncated)"),
                Arguments.of("trailing", npy(1, f4, new byte[9]), "needs 8 bytes after the header but the file has 9 (trailing bytes)"),
                Arguments.of("after dict", npy(1, f4 + " x", new byte[8]), "unexpected 'x' after the header dictionary"),
                Arguments.of("v3 utf8", npy(3, "{'descr': '\u00ff'}", new byte[0]), "version 3 header is not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void refusesCorruptFilesSayingWhatIsWrong(String name, byte[] bytes, String message) {
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(bytes));
        assertTrue(e.getMessage().startsWith("npy data: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }

    /** A .npy file of {@code version} with {@code header} as given (unpadded; latin-1 except v3 gets raw bytes). */
    static byte[] npy(int version, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        int prefix = version == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    private static byte[] withHeaderLength(byte[] file, int length) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file[6] == 1) {
            b.putShort(8, (short) length);
        } else {
            b.putInt(8, length);
        }
        return file;
    }

    private static String headerOf(byte[] npy) {
        int length = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN).getShort(8);
        return new String(npy, 10, length, StandardCharsets.ISO_8859_1);
    }
}
