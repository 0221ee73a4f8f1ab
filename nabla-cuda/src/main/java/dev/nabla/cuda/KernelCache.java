package dev.nabla.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CUBINs of kernel sources, compiled once for the device's architecture and kept in memory and on
 * disk ({@code $NABLA_CUDA_CACHE}, else {@code ~/.cache/nabla/cuda/}) under the SHA-256 of
 * source, options, architecture, driver and compiler version, written atomically (a temporary
 * file moved into place), so that concurrent processes never read half a file.
 */
final class KernelCache {
    /** The variable naming the cache directory. */
    static final String CACHE_VARIABLE = "NABLA_CUDA_CACHE";

    /** What compiles CUDA C to a CUBIN: NVRTC, or a fake in tests. */
    interface Compiler {
        /** The compiler's version (part of the cache key). */
        String version();

        /** The CUBIN of {@code source}, called {@code file} in messages, compiled with {@code options}. */
        byte[] compile(String file, String source, List<String> options);
    }

    private final Compiler compiler;
    private final Path directory;
    private final String arch;
    private final int driverVersion;
    private final Map<String, byte[]> memory = new ConcurrentHashMap<>();

    /**
     * @param directory     where CUBINs are kept across runs (null: memory only)
     * @param arch          the device's architecture, e.g. {@code sm_90}
     * @param driverVersion the driver's CUDA version, e.g. 13000
     */
    KernelCache(Compiler compiler, Path directory, String arch, int driverVersion) {
        this.compiler = compiler;
        this.directory = directory;
        this.arch = arch;
        this.driverVersion = driverVersion;
    }

    /** The cache directory this machine uses: {@code $NABLA_CUDA_CACHE}, else {@code ~/.cache/nabla/cuda}. */
    static Path defaultDirectory(Map<String, String> env) {
        String dir = env.get(CACHE_VARIABLE);
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "nabla", "cuda");
    }

    /** The options NVRTC compiles with: the architecture, then the fixed flags. */
    List<String> options() {
        return List.of("--gpu-architecture=" + arch, "--std=c++17", "-default-device");
    }

    /** The cache key of {@code source}: hex SHA-256 of source, options, architecture, driver and compiler version. */
    String key(String source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String header = String.join("\n", options()) + "\narch=" + arch + "\ndriver=" + driverVersion
                    + "\nnvrtc=" + compiler.version() + "\n\0";
            sha.update(header.getBytes(StandardCharsets.UTF_8));
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** The CUBIN of {@code source}: from memory, from disk, or compiled now (and stored in both). */
    byte[] cubin(String file, String source) {
        String key = key(source);
        return memory.computeIfAbsent(key, k -> {
            Path cached = directory == null ? null : directory.resolve(k + ".cubin");
            if (cached != null && Files.isRegularFile(cached)) {
                try {
                    return Files.readAllBytes(cached);
                } catch (IOException unreadable) {
                    // compile again
                }
            }
            byte[] image = compiler.compile(file, source, options());
            if (cached != null) {
                store(cached, image);
            }
            return image;
        });
    }

    /** Writes {@code image} to {@code target} atomically; a cache that cannot be written is skipped. */
    private static void store(Path target, byte[] image) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, image);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // a read-only home: the kernel is compiled again next run
        }
    }
}
