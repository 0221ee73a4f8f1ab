package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where CUDA's libraries are looked for, and the one-line error when one is missing. */
class NativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void theOverrideComesFirstThenTheLoaderNames() {
        List<String> c = NativeLibrary.candidates(Map.of("NABLA_CUDA_PATH", dir.toString()),
                List.of("libnvrtc.so.13", "libnvrtc.so.12"));
        assertEquals(List.of(dir.resolve("libnvrtc.so.13").toString(), dir.resolve("libnvrtc.so.12").toString(),
                "libnvrtc.so.13", "libnvrtc.so.12"), c.subList(0, 4));
        assertEquals(List.of("libnvrtc.so.13", "libnvrtc.so.12"),
                NativeLibrary.candidates(Map.of(), List.of("libnvrtc.so.13", "libnvrtc.so.12")).subList(0, 2));
    }

    @Test
    void searchDirectoriesExistAndPutCudaFirst() {
        List<Path> dirs = NativeLibrary.searchDirectories();
        dirs.forEach(d -> assertTrue(Files.isDirectory(d), d.toString()));
        int system = dirs.indexOf(Path.of("/usr/lib/x86_64-linux-gnu"));
        int cuda = dirs.indexOf(Path.of("/usr/local/cuda/lib64"));
        if (system >= 0 && cuda >= 0) {
            assertTrue(cuda < system, dirs.toString());
        }
    }

    @Test
    void aMissingLibraryIsOneLine() {
        CudaException e = assertThrows(CudaException.class,
                () -> NativeLibrary.open("CUDA thing", "libnabla-missing.so.13", "libnabla-missing.so.12"));
        assertEquals("cuda: no CUDA thing found (libnabla-missing.so.13, libnabla-missing.so.12)", e.getMessage());
    }

    @Test
    void aPresentLibraryGivesItsFunctions() {
        NativeLibrary libc = NativeLibrary.open("C library", "libnabla-missing.so.1", "libc.so.6");
        assertEquals("libc.so.6", libc.name());
        assertTrue(libc.has("strlen"));
        CudaException e = assertThrows(CudaException.class,
                () -> libc.function("cuNoSuchFunction", java.lang.foreign.FunctionDescriptor.ofVoid()));
        assertEquals("cuda: libc.so.6 has no function cuNoSuchFunction (too old a version?)", e.getMessage());
    }

    @Test
    void cublasStatusesHaveTheirNames() {
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", Cublas.statusName(7));
        assertEquals("cublasStatus_t 99", Cublas.statusName(99));
    }
}
