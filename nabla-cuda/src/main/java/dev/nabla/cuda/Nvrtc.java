package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NVRTC, CUDA's runtime compiler ({@code libnvrtc.so.13}, else {@code .12}): CUDA C source to a
 * CUBIN for one architecture. Failures throw {@link CudaException} naming the function and
 * {@code nvrtcGetErrorString}'s name; a compile error carries NVRTC's log.
 */
final class Nvrtc implements KernelCache.Compiler {
    private static final int SUCCESS = 0;
    private static final int COMPILATION = 6; // NVRTC_ERROR_COMPILATION

    private final MethodHandle nvrtcVersion, nvrtcCreateProgram, nvrtcCompileProgram, nvrtcGetProgramLogSize,
            nvrtcGetProgramLog, nvrtcGetCUBINSize, nvrtcGetCUBIN, nvrtcDestroyProgram, nvrtcGetErrorString;
    private final String version;

    Nvrtc() {
        NativeLibrary lib = NativeLibrary.open("NVRTC", "libnvrtc.so.13", "libnvrtc.so.12");
        lib.openCompanions("libnvrtc-builtins.so.*");
        FunctionDescriptor progSize = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS);
        nvrtcVersion = lib.function("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCreateProgram = lib.function("nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCompileProgram = lib.function("nvrtcCompileProgram",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
        nvrtcGetProgramLogSize = lib.function("nvrtcGetProgramLogSize", progSize);
        nvrtcGetProgramLog = lib.function("nvrtcGetProgramLog", progSize);
        nvrtcGetCUBINSize = lib.function("nvrtcGetCUBINSize", progSize);
        nvrtcGetCUBIN = lib.function("nvrtcGetCUBIN", progSize);
        nvrtcDestroyProgram = lib.function("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nvrtcGetErrorString = lib.function("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT);
            MemorySegment minor = a.allocate(JAVA_INT);
            check("nvrtcVersion", (int) nvrtcVersion.invokeExact(major, minor));
            version = major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Driver.rethrow("nvrtcVersion", t);
        }
    }

    /** NVRTC's version, e.g. {@code 13.0}. */
    @Override
    public String version() {
        return version;
    }

    /**
     * The CUBIN of {@code source} (named {@code file} in messages) compiled with {@code options}.
     *
     * @throws CudaException {@code nvrtc: <file> does not compile: <log>} on a compile error
     */
    @Override
    public byte[] compile(String file, String source, List<String> options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(JAVA_LONG);
            check("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(prog, a.allocateFrom(source),
                    a.allocateFrom(file), 0, MemorySegment.NULL, MemorySegment.NULL));
            long p = prog.get(JAVA_LONG, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    opts.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i)));
                }
                int rc = (int) nvrtcCompileProgram.invokeExact(p, options.size(), opts);
                if (rc == COMPILATION) {
                    byte[] log = bytes(p, nvrtcGetProgramLogSize, nvrtcGetProgramLog, "nvrtcGetProgramLog", a);
                    throw new CudaException("nvrtc: " + file + " does not compile: "
                            + new String(log, StandardCharsets.UTF_8).replace("\0", "").strip().replace('\n', ' '));
                }
                check("nvrtcCompileProgram", rc);
                return bytes(p, nvrtcGetCUBINSize, nvrtcGetCUBIN, "nvrtcGetCUBIN", a);
            } finally {
                check("nvrtcDestroyProgram", (int) nvrtcDestroyProgram.invokeExact(prog));
            }
        } catch (Throwable t) {
            throw Driver.rethrow("nvrtcCompileProgram", t);
        }
    }

    /** The program's log or CUBIN, read through its size and contents functions. */
    private byte[] bytes(long prog, MethodHandle size, MethodHandle get, String name, Arena a) throws Throwable {
        MemorySegment n = a.allocate(JAVA_LONG);
        check(name + "Size", (int) size.invokeExact(prog, n));
        long len = n.get(JAVA_LONG, 0);
        MemorySegment buf = a.allocate(Math.max(1, len));
        check(name, (int) get.invokeExact(prog, buf));
        return buf.asSlice(0, len).toArray(JAVA_BYTE);
    }

    private void check(String function, int rc) throws Throwable {
        if (rc != SUCCESS) {
            MemorySegment s = (MemorySegment) nvrtcGetErrorString.invokeExact(rc);
            throw new CudaException(function + ": " + (s.equals(MemorySegment.NULL) ? "nvrtcResult " + rc
                    : s.reinterpret(256).getString(0)));
        }
    }
}
