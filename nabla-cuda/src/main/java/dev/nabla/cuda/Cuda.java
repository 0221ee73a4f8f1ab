package dev.nabla.cuda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CUDA on this machine, as {@code torch.cuda}: whether it is usable, its devices, the TF32 switch,
 * and each device's runtime and memory figures. Nothing is loaded until a method is called; then
 * the driver ({@code libcuda.so.1}), NVRTC and cuBLAS are opened (see {@link #unavailableReason}).
 */
public final class Cuda {
    private static volatile boolean allowTf32;
    private static volatile String unavailable;
    private static volatile boolean probed;
    private static volatile Nvrtc nvrtc;
    private static volatile Cublas cublas;
    private static final Map<Integer, DriverRuntime> RUNTIMES = new ConcurrentHashMap<>();

    private Cuda() {
    }

    /** Whether a CUDA device, its driver, NVRTC and cuBLAS are all usable (never throws). */
    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    /**
     * Why CUDA cannot be used, in one line ({@code cuda: no CUDA driver found (libcuda.so.1)},
     * {@code cuda: no CUDA device}, {@code cuda: no cuBLAS found (libcublas.so.13, libcublas.so.12)}),
     * or null when it can.
     */
    public static String unavailableReason() {
        if (!probed) {
            synchronized (Cuda.class) {
                if (!probed) {
                    unavailable = probe();
                    probed = true;
                }
            }
        }
        return unavailable;
    }

    private static String probe() {
        try {
            if (Driver.get().deviceCount() == 0) {
                return "cuda: no CUDA device";
            }
            nvrtc();
            cublas();
            return null;
        } catch (CudaException e) {
            return e.getMessage();
        } catch (RuntimeException | LinkageError e) { // e.g. native access denied to this module
            return "cuda: cannot use the CUDA libraries: " + e;
        }
    }

    /** Throws {@link CudaException} with {@link #unavailableReason} unless CUDA is usable. */
    static void requireAvailable() {
        String why = unavailableReason();
        if (why != null) {
            throw new CudaException(why);
        }
    }

    /** The number of CUDA devices (0 when CUDA is not usable). */
    public static int deviceCount() {
        return isAvailable() ? Driver.get().deviceCount() : 0;
    }

    /** Device {@code index}: name, compute capability, memory, driver version. */
    public static CudaDevice device(int index) {
        requireDevice(index);
        Driver d = Driver.get();
        int dev = d.device(index);
        return new CudaDevice(index, d.deviceName(dev), d.attribute(dev, Driver.CC_MAJOR),
                d.attribute(dev, Driver.CC_MINOR), d.totalMemory(dev), d.driverVersion());
    }

    /**
     * The runtime of device {@code index} (made once): its stream per thread, caching allocator
     * and kernel cache.
     *
     * @throws CudaException with {@link #unavailableReason}, or naming a device that does not exist
     */
    public static DeviceRuntime runtime(int index) {
        requireDevice(index);
        return RUNTIMES.computeIfAbsent(index, i -> new DriverRuntime(device(i), Driver.get(), nvrtc(), cublas()));
    }

    /** Device {@code index}'s allocator counters ({@code torch.cuda.memory_stats}). */
    public static MemoryStats memoryStats(int index) {
        return ((DriverRuntime) runtime(index)).memoryStats();
    }

    /** Frees device {@code index}'s cached blocks ({@code torch.cuda.empty_cache}). */
    public static void emptyCache(int index) {
        ((DriverRuntime) runtime(index)).emptyCache();
    }

    /**
     * Whether float32 GEMMs may use TF32 tensor cores (about 10 mantissa bits in the products),
     * PyTorch's {@code torch.backends.cuda.matmul.allow_tf32}; false by default.
     */
    public static boolean allowTf32() {
        return allowTf32;
    }

    /** Sets {@link #allowTf32()}; GEMMs queued afterwards follow it. */
    public static void allowTf32(boolean allow) {
        allowTf32 = allow;
    }

    private static void requireDevice(int index) {
        requireAvailable();
        int n = Driver.get().deviceCount();
        if (index < 0 || index >= n) {
            throw new CudaException("cuda: no device cuda:" + index + " (this machine has " + n + ")");
        }
    }

    private static Nvrtc nvrtc() {
        if (nvrtc == null) {
            synchronized (Cuda.class) {
                if (nvrtc == null) {
                    nvrtc = new Nvrtc();
                }
            }
        }
        return nvrtc;
    }

    private static Cublas cublas() {
        if (cublas == null) {
            synchronized (Cuda.class) {
                if (cublas == null) {
                    cublas = new Cublas();
                }
            }
        }
        return cublas;
    }
}
