package dev.nabla.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.lang.reflect.Method;

/**
 * Whether the GPU tests can run, and the runtime they run on: the one place the integrator switches
 * to {@code Cuda.isAvailable()} and {@code Cuda.runtime(0)} once both exist on main (until then the
 * driver library is probed here and the runtime factory found by name).
 */
final class GpuSupport {
    private static final String MISSING = probe();
    private static boolean told;

    private GpuSupport() {
    }

    /** Skips the calling test, printing the reason, unless a CUDA driver and the runtime factory are present. */
    static synchronized void assumeGpu() {
        if (MISSING != null && !told) {
            System.out.println("GPU tests skipped: " + MISSING);
            told = true;
        }
        assumeTrue(MISSING == null, MISSING);
    }

    /** The runtime of device 0 ({@code Cuda.runtime(0)}). */
    static DeviceRuntime runtime() {
        try {
            Method m = Class.forName("dev.nabla.cuda.Cuda").getDeclaredMethod("runtime", int.class);
            m.setAccessible(true);
            return (DeviceRuntime) m.invoke(null, 0);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cuda: no runtime factory Cuda.runtime(int)", e);
        }
    }

    private static String probe() {
        try {
            SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            return "no CUDA driver found (libcuda.so.1)";
        }
        try {
            Class.forName("dev.nabla.cuda.Cuda").getDeclaredMethod("runtime", int.class);
        } catch (ReflectiveOperationException e) {
            return "the CUDA runtime factory Cuda.runtime(int) is not built in";
        }
        return null;
    }
}
