package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel cache with a fake compiler: keys, memory and disk hits, atomic files, compile errors. */
class KernelCacheTest {
    @TempDir
    Path dir;

    /** Compiles to "cubin:<arch option>:<source>" and counts its calls. */
    static final class FakeCompiler implements KernelCache.Compiler {
        final String version;
        final List<String> compiled = new ArrayList<>();

        FakeCompiler(String version) {
            this.version = version;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public byte[] compile(String file, String source, List<String> options) {
            if (source.contains("syntax error")) {
                throw new CudaException("nvrtc: " + file + " does not compile: " + file + "(1): error: syntax error");
            }
            compiled.add(file);
            return ("cubin:" + options.get(0) + ":" + source).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void compilesOnceThenServesFromMemoryAndDisk() throws IOException {
        FakeCompiler nvrtc = new FakeCompiler("13.0");
        KernelCache cache = new KernelCache(nvrtc, dir, "sm_90", 13000);
        byte[] first = cache.cubin("a.cu", "kernel A");
        assertArrayEquals("cubin:--gpu-architecture=sm_90:kernel A".getBytes(StandardCharsets.UTF_8), first);
        assertArrayEquals(first, cache.cubin("a.cu", "kernel A"));
        assertEquals(List.of("a.cu"), nvrtc.compiled);
        assertArrayEquals(first, Files.readAllBytes(dir.resolve(cache.key("kernel A") + ".cubin")));

        FakeCompiler again = new FakeCompiler("13.0"); // a new process: read from disk
        assertArrayEquals(first, new KernelCache(again, dir, "sm_90", 13000).cubin("a.cu", "kernel A"));
        assertEquals(List.of(), again.compiled);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(cache.key("kernel A") + ".cubin"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void theKeyCoversSourceArchitectureDriverAndCompiler() {
        String key = new KernelCache(new FakeCompiler("13.0"), null, "sm_90", 13000).key("src");
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, new KernelCache(new FakeCompiler("13.0"), dir, "sm_90", 13000).key("src"));
        assertNotEquals(key, new KernelCache(new FakeCompiler("13.0"), null, "sm_90", 13000).key("src "));
        assertNotEquals(key, new KernelCache(new FakeCompiler("13.0"), null, "sm_80", 13000).key("src"));
        assertNotEquals(key, new KernelCache(new FakeCompiler("13.0"), null, "sm_90", 12080).key("src"));
        assertNotEquals(key, new KernelCache(new FakeCompiler("12.8"), null, "sm_90", 13000).key("src"));
    }

    @Test
    void anotherArchitectureIsCompiledAgain() {
        FakeCompiler nvrtc = new FakeCompiler("13.0");
        new KernelCache(nvrtc, dir, "sm_90", 13000).cubin("a.cu", "k");
        byte[] other = new KernelCache(nvrtc, dir, "sm_80", 13000).cubin("a.cu", "k");
        assertEquals(List.of("a.cu", "a.cu"), nvrtc.compiled);
        assertArrayEquals("cubin:--gpu-architecture=sm_80:k".getBytes(StandardCharsets.UTF_8), other);
    }

    @Test
    void aCompileErrorIsThrownAndNothingIsStored() throws IOException {
        KernelCache cache = new KernelCache(new FakeCompiler("13.0"), dir, "sm_90", 13000);
        CudaException e = assertThrows(CudaException.class, () -> cache.cubin("bad.cu", "syntax error"));
        assertEquals("nvrtc: bad.cu does not compile: bad.cu(1): error: syntax error", e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anUnwritableCacheDirectoryOnlyCostsRecompiling() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        FakeCompiler nvrtc = new FakeCompiler("13.0");
        KernelCache cache = new KernelCache(nvrtc, file.resolve("cuda"), "sm_90", 13000);
        assertEquals("cubin:--gpu-architecture=sm_90:k", new String(cache.cubin("a.cu", "k"), StandardCharsets.UTF_8));
    }

    @Test
    void theDirectoryComesFromTheEnvironmentOrTheHome() {
        assertEquals(Path.of("/tmp/kernels"), KernelCache.defaultDirectory(Map.of("NABLA_CUDA_CACHE", "/tmp/kernels")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "nabla", "cuda"),
                KernelCache.defaultDirectory(Map.of()));
    }

    @Test
    void optionsNameTheArchitectureFirst() {
        assertEquals("--gpu-architecture=sm_90",
                new KernelCache(new FakeCompiler("13.0"), null, "sm_90", 13000).options().get(0));
    }
}
