package dev.nabla.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CUDA library found on this machine and opened for good ({@code dlopen}): looked up in
 * {@code $NABLA_CUDA_PATH}, then by the system loader's names, then in the usual CUDA install
 * directories and the lib directories of pip's NVIDIA wheels (beside a PyTorch install).
 */
final class NativeLibrary {
    /** The variable naming a directory searched first. */
    static final String PATH_VARIABLE = "NABLA_CUDA_PATH";

    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup symbols;

    private NativeLibrary(String name, SymbolLookup symbols) {
        this.name = name;
        this.symbols = symbols;
    }

    /**
     * The first of {@code names} (e.g. {@code libcublas.so.13}, {@code libcublas.so.12}) that opens.
     *
     * @throws CudaException {@code cuda: <what> not found (<names>)} when none does
     */
    static NativeLibrary open(String what, String... names) {
        for (String candidate : candidates(System.getenv(), List.of(names))) {
            try {
                return new NativeLibrary(candidate, SymbolLookup.libraryLookup(candidate, Arena.global()));
            } catch (IllegalArgumentException notThere) {
                // try the next place
            }
        }
        throw new CudaException("cuda: no " + what + " found (" + String.join(", ", names) + ")");
    }

    /**
     * Where to look for {@code names}, in order: each name in {@code $NABLA_CUDA_PATH}, each bare
     * name (the system loader's search), then each name in {@link #searchDirectories}.
     */
    static List<String> candidates(Map<String, String> env, List<String> names) {
        List<String> out = new ArrayList<>();
        String override = env.get(PATH_VARIABLE);
        if (override != null && !override.isBlank()) {
            names.forEach(n -> out.add(Path.of(override, n).toString()));
        }
        out.addAll(names);
        for (Path dir : searchDirectories()) {
            for (String n : names) {
                if (Files.exists(dir.resolve(n))) {
                    out.add(dir.resolve(n).toString());
                }
            }
        }
        return out;
    }

    /** The CUDA install and NVIDIA wheel directories that exist on this machine, CUDA 13 before 12. */
    static List<Path> searchDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.addAll(glob(Path.of("/usr/local"), "cuda-13*", "lib64"));
        dirs.addAll(glob(Path.of("/usr/local"), "cuda-12*", "lib64"));
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        for (Path lib : List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"))) {
            for (Path python : glob(lib, "python3*", "")) {
                for (String packages : List.of("dist-packages", "site-packages")) {
                    dirs.addAll(glob(python.resolve(packages).resolve("nvidia"), "*", "lib"));
                }
            }
        }
        return dirs.stream().filter(Files::isDirectory).distinct().toList();
    }

    /** {@code dir/<glob>/sub} for each match, sorted by name, newest version first. */
    private static List<Path> glob(Path dir, String pattern, String sub) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
            s.forEach(p -> found.add(sub.isEmpty() ? p : p.resolve(sub)));
        } catch (IOException e) {
            return found;
        }
        found.sort((a, b) -> b.toString().compareTo(a.toString()));
        return found;
    }

    /** The library's name or path as opened. */
    String name() {
        return name;
    }

    /** A handle on the C function {@code symbol} of type {@code type}. */
    MethodHandle function(String symbol, FunctionDescriptor type) {
        return LINKER.downcallHandle(symbols.find(symbol).orElseThrow(() ->
                new CudaException("cuda: " + name + " has no function " + symbol + " (too old a version?)")), type);
    }

    /**
     * Opens the files matching {@code glob} beside this library when it was found by path, so that
     * its own {@code dlopen} of them by name finds them loaded (NVRTC's builtins in a pip wheel,
     * whose directory the system loader does not search).
     */
    void openCompanions(String glob) {
        Path dir = Path.of(name).getParent();
        if (dir == null) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            for (Path p : s) {
                try {
                    SymbolLookup.libraryLookup(p, Arena.global());
                } catch (IllegalArgumentException unloadable) {
                    // NVRTC reports what it misses when it compiles
                }
            }
        } catch (IOException e) {
            // as above
        }
    }

    /** Whether the library has the function {@code symbol}. */
    boolean has(String symbol) {
        return symbols.find(symbol).isPresent();
    }
}
