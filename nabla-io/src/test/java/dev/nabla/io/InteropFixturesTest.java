package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.DType;
import dev.nabla.backend.Storage;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written by the Python safetensors package (0.8.0, with PyTorch 1.13) and NumPy 1.24, made
 * by {@code src/test/python/make_fixtures.py}: Nabla must read exactly the values written, and
 * for the types it writes, produce exactly the same bytes.
 *
 * <p>The reverse direction is covered by {@link #writesFilesForThePythonCheck}, whose output
 * {@code src/test/python/check_nabla_output.py} reads back with safetensors and NumPy.
 */
class InteropFixturesTest {
    static final float[] F32 = {0.5f, -1.25f, 3.0f, 1e-3f, -0.0f, 65504.0f};
    static final double F64 = 3.141592653589793;
    static final long[] I64 = {0, -1, 1L << 40, -(1L << 62), 7};
    static final boolean[] BOOL = {true, false, false, true};

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = InteropFixturesTest.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IOException("missing test fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The tensors of writable.safetensors, built in Nabla. */
    static Map<String, Tensor> writableTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", Tensor.of(F32, 2, 3));
        m.put("scale", TestTensors.tensor(new double[] {F64}));
        m.put("ids", Tensor.of(I64));
        m.put("mask", Tensor.of(BOOL, 2, 2));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
        return m;
    }

    @Test
    void readsSafetensorsWrittenByThePythonPackage() throws Exception {
        Safetensors.Contents c = Safetensors.read(fixture("writable.safetensors"));
        TestTensors.assertSame(writableTensors(), c.tensors());
        assertEquals(Map.of("format", "pt"), c.metadata());
        // The reference layout: widest dtype first, then by name.
        assertEquals(List.of("ids", "scale", "empty", "weight", "mask"), new ArrayList<>(c.tensors().keySet()));
    }

    @Test
    void writesTheSameBytesAsThePythonPackage() throws Exception {
        assertArrayEquals(fixture("writable.safetensors"), Safetensors.toBytes(writableTensors(), Map.of("format", "pt")));
    }

    @Test
    void readsHalfPrecisionAndNarrowIntegerSafetensors() throws Exception {
        Map<String, Tensor> t = Safetensors.read(fixture("readonly.safetensors")).tensors();
        assertEquals(DType.FLOAT32, t.get("f16").dtype());
        assertArrayEquals(new float[] {1.0f, -2.5f, 0.0999755859375f, 65504.0f}, t.get("f16").toFloatArray());
        assertArrayEquals(new int[] {2, 2}, t.get("bf16").shape());
        assertArrayEquals(new float[] {1.0f, -2.5f, 0x1p100f, 0.0078125f}, t.get("bf16").toFloatArray());
        assertEquals(DType.INT64, t.get("i32").dtype());
        assertArrayEquals(new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 5}, t.get("i32").toLongArray());
        assertArrayEquals(new long[] {-32768, 32767}, t.get("i16").toLongArray());
        assertArrayEquals(new long[] {-128, 127, 0}, t.get("i8").toLongArray());
        assertArrayEquals(new long[] {0, 255, 128}, t.get("u8").toLongArray());
    }

    /** Arrays Nabla can write, keyed by fixture name. */
    static Map<String, Tensor> writableArrays() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f4", Tensor.of(F32, 2, 3));
        m.put("f8_scalar", TestTensors.tensor(new double[] {F64}));
        m.put("i8", Tensor.of(I64));
        m.put("b1", Tensor.of(BOOL, 2, 2));
        m.put("i8_empty", Tensor.zeros(DType.INT64, 0));
        m.put("f4_zero_dim", Tensor.zeros(DType.FLOAT32, 2, 0, 3));
        return m;
    }

    @Test
    void readsAndWritesTheSameNpyBytesAsNumpy() throws Exception {
        for (Map.Entry<String, Tensor> e : writableArrays().entrySet()) {
            byte[] numpy = fixture(e.getKey() + ".npy");
            TestTensors.assertSame(e.getValue(), Npy.read(numpy), e.getKey());
            assertArrayEquals(numpy, Npy.toBytes(e.getValue()), e.getKey());
        }
    }

    @Test
    void readsNpyTypesNablaOnlyReads() throws Exception {
        assertArrayEquals(new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 5}, Npy.read(fixture("i4.npy")).toLongArray());
        assertArrayEquals(new long[] {0, 255, 128}, Npy.read(fixture("u1.npy")).toLongArray());
        assertArrayEquals(new float[] {1.0f, -2.5f, 0.0999755859375f, 65504.0f}, Npy.read(fixture("f2.npy")).toFloatArray());
        assertArrayEquals(new double[] {1.5, -2.0, 1e300}, Npy.read(fixture("f8_big_endian.npy")).toDoubleArray());
        assertArrayEquals(F32, Npy.read(fixture("f4_v2.npy")).toFloatArray());
        Tensor fortran = Npy.read(fixture("f4_fortran.npy"));
        assertArrayEquals(new int[] {2, 3, 4}, fortran.shape());
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = i;
        }
        assertArrayEquals(expected, fortran.toFloatArray());
    }

    @Test
    void readsNpzWrittenBySavezAndSavezCompressed() throws Exception {
        Map<String, Tensor> arrays = writableArrays();
        Map<String, Tensor> expected = new LinkedHashMap<>();
        expected.put("weight", arrays.get("f4"));
        expected.put("ids", arrays.get("i8"));
        expected.put("mask", arrays.get("b1"));
        for (String name : List.of("stored.npz", "deflated.npz")) {
            Map<String, Tensor> read = Npz.read(fixture(name));
            assertEquals(List.of("weight", "ids", "mask"), new ArrayList<>(read.keySet()), name);
            TestTensors.assertSame(expected, read);
        }
    }

    /**
     * Writes Nabla's versions of the fixtures to {@code target/interop-from-nabla/} for
     * {@code check_nabla_output.py}, and checks them here as far as Java can.
     */
    @Test
    void writesFilesForThePythonCheck() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "interop-from-nabla"));
        Safetensors.save(writableTensors(), Map.of("format", "pt"), dir.resolve("writable.safetensors"));
        for (Map.Entry<String, Tensor> e : writableArrays().entrySet()) {
            Npy.write(e.getValue(), dir.resolve(e.getKey() + ".npy"));
        }
        Map<String, Tensor> npz = new LinkedHashMap<>();
        npz.put("weight", Tensor.of(F32, 2, 3));
        npz.put("ids", Tensor.of(I64));
        npz.put("mask", Tensor.of(BOOL, 2, 2));
        Npz.write(npz, dir.resolve("stored.npz"), false);
        Npz.write(npz, dir.resolve("deflated.npz"), true);
        TestTensors.assertSame(npz, Npz.read(dir.resolve("deflated.npz")));
        assertEquals(Storage.Floats.class, Tensors.rowMajor(npz.get("weight")).getClass());
    }
}
