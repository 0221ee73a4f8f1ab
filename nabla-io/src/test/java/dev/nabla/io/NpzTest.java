package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzTest {

    private static Map<String, Tensor> arrays() {
        Random rnd = new Random(3);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", TestTensors.random(DType.FLOAT32, rnd, 3, 4));
        m.put("bias", TestTensors.random(DType.FLOAT64, rnd, 4));
        m.put("labels", TestTensors.random(DType.INT64, rnd, 10));
        m.put("mask", TestTensors.random(DType.BOOL, rnd, 2, 0));
        m.put("step", TestTensors.tensor(new long[] {5}));
        return m;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsStoredAndDeflatedArchives(boolean compress, @TempDir Path dir) throws Exception {
        Map<String, Tensor> arrays = arrays();
        byte[] bytes = Npz.toBytes(arrays, compress);
        Map<String, Tensor> read = Npz.read(bytes);
        assertEquals(new ArrayList<>(arrays.keySet()), new ArrayList<>(read.keySet()));
        TestTensors.assertSame(arrays, read);
        TestTensors.assertSame(arrays, Npz.read(new ByteArrayInputStream(bytes)));
        Path file = dir.resolve("a.npz");
        Npz.write(arrays, file, compress);
        assertArrayEquals(bytes, Files.readAllBytes(file), "writing is deterministic");
        TestTensors.assertSame(arrays, Npz.read(file));
    }

    @Test
    void compressionShrinksRepetitiveData() {
        Map<String, Tensor> zeros = Map.of("z", Tensor.zeros(DType.FLOAT64, 1000));
        assertTrue(Npz.toBytes(zeros, true).length < Npz.toBytes(zeros, false).length / 10);
    }

    @Test
    void readsAnEmptyArchive() throws Exception {
        assertEquals(Map.of(), Npz.read(Npz.toBytes(Map.of(), false)));
    }

    private static byte[] zip(Object... nameAndBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) nameAndBytes[i]));
                zip.write((byte[]) nameAndBytes[i + 1]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void refusesBadArchivesSayingWhatIsWrong() throws Exception {
        byte[] npy = Npy.toBytes(Tensor.of(new float[] {1}));
        assertMessage(new byte[0], "npz data: not a zip archive");
        assertMessage(npy, "npz data: not a zip archive (it does not start with PK\\3\\4)");
        assertMessage(zip("a.txt", npy), "npz data: entry 'a.txt' is not a .npy file");
        assertMessage(zip("dir/", new byte[0]), "npz data: entry 'dir/' is not a .npy file");
        byte[] twice = zip("a.npy", npy, "b.npy", npy);
        replaceAll(twice, "b.npy", "a.npy"); // ZipOutputStream itself refuses duplicate names
        assertMessage(twice, "npz data: entry 'a.npy' appears twice");
        assertMessage(zip("a.npy", Arrays.copyOf(npy, npy.length - 1)),
                "npz data: entry 'a.npy': <f4 data of shape [1] needs 4 bytes after the header but the file has 3 (truncated)");
        byte[] good = Npz.toBytes(Map.of("a", Tensor.zeros(DType.FLOAT64, 100)), true);
        assertMessage(Arrays.copyOf(good, good.length / 2), "npz data: corrupt or truncated zip archive");
    }

    @Test
    void refusesAnArchiveCutBetweenEntriesRatherThanReadingPartOfIt() throws Exception {
        byte[] npy = Npy.toBytes(Tensor.of(new float[] {1}));
        byte[] two = zip("a.npy", npy, "b.npy", npy);
        int second = indexOf(two, "PK\3\4", 4);
        assertMessage(Arrays.copyOf(two, second), "npz data: corrupt or truncated zip archive: it does not end with a zip"
                + " directory (read 1 array before the end)");
        assertMessage(Arrays.copyOf(two, two.length - 1), "it does not end with a zip directory");
        assertMessage("PK\3\4garbage".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "it does not end with a zip directory (read 0 arrays before the end)");
        byte[] damaged = two.clone();
        damaged[second + 2] = 9; // the second entry's signature: ZipInputStream stops there as at the end
        assertMessage(damaged, "npz data: corrupt zip archive: its directory lists 2 entries but 1 could be read");
        assertEquals(2, Npz.read(new ByteArrayInputStream(two)).size());
    }

    private static int indexOf(byte[] bytes, String s, int from) {
        byte[] f = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = from; i + f.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                return i;
            }
        }
        throw new AssertionError(s + " not found");
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, bytes, i, t.length);
            }
        }
    }

    private static void assertMessage(byte[] bytes, String message) {
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(bytes));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }

    @Test
    void refusesBadArgumentsWhenWriting() {
        assertThrows(IllegalArgumentException.class, () -> Npz.toBytes(Map.of("", Tensor.of(new float[] {1})), false));
        assertThrows(IllegalArgumentException.class, () -> Npz.toBytes(null, false));
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(null));
    }
}
