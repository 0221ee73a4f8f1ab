package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel source compiles to CUBIN with nvcc for sm_80 and sm_90, in the form NVRTC gets it
 * (includes of the project's headers inlined, no system headers, C++17); skipped, with the reason
 * printed, where nvcc is not installed.
 */
class KernelCompileTest {
    private static final Path NVCC = findNvcc();

    static Stream<Arguments> sources() {
        return KernelSource.files().stream().flatMap(f -> Stream.of("sm_80", "sm_90")
                .map(arch -> Arguments.of(f, arch)));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("sources")
    void compiles(String file, String arch) throws IOException, InterruptedException {
        String source = KernelSource.inlined(file);
        assertFalse(source.contains("#include"), file + " includes a header NVRTC cannot find");
        if (NVCC == null) {
            System.out.println("KernelCompileTest skipped: nvcc not found in PATH or /usr/local/cuda/bin");
        }
        assumeTrue(NVCC != null, "nvcc not found in PATH or /usr/local/cuda/bin");
        Path dir = Files.createTempDirectory("nabla-cu");
        Path cu = Files.writeString(dir.resolve(file), source);
        Process p = new ProcessBuilder(NVCC.toString(), "-cubin", "-arch=" + arch, "-std=c++17",
                "-o", dir.resolve("out.cubin").toString(), cu.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), file + " does not compile for " + arch + ":\n" + log);
    }

    private static Path findNvcc() {
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of);
        return Stream.concat(path, Stream.of(Path.of("/usr/local/cuda/bin")))
                .map(d -> d.resolve("nvcc")).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
