package dev.nabla.cuda;

import dev.nabla.backend.DType;
import dev.nabla.backend.Device;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DeviceRuntime} over the CUDA driver API: the device's primary context, a stream (and
 * cuBLAS handle) per thread that uses the device, the {@link CachingAllocator}, copies through
 * {@link PinnedStaging}, kernels from the {@link KernelCache}.
 */
final class DriverRuntime implements DeviceRuntime {
    /** The context current on each thread (driver contexts are per thread). */
    private static final ThreadLocal<Long> CURRENT = ThreadLocal.withInitial(() -> 0L);

    private final CudaDevice info;
    private final Device device;
    private final Driver driver;
    private final Cublas cublas;
    private final long context;
    private final CachingAllocator allocator;
    private final KernelCache kernels;
    private final Map<String, Long> modules = new ConcurrentHashMap<>();
    private final Map<String, Kernel> functions = new ConcurrentHashMap<>();
    private final ThreadLocal<PerThread> threads = ThreadLocal.withInitial(PerThread::new);

    /** What one thread uses the device with. */
    private final class PerThread {
        final long stream;
        final PinnedStaging staging;
        final KernelArgs args = new KernelArgs();
        final MemorySegment scalars = Arena.global().allocate(16, 8);
        long blasHandle;
        int mathMode = -1;

        PerThread() {
            bind();
            stream = driver.createStream();
            staging = new PinnedStaging(driver, stream);
        }
    }

    DriverRuntime(CudaDevice info, Driver driver, Nvrtc nvrtc, Cublas cublas) {
        this.info = info;
        this.device = new Device("cuda", info.index());
        this.driver = driver;
        this.cublas = cublas;
        this.context = driver.primaryContext(driver.device(info.index()));
        this.allocator = new CachingAllocator(new DeviceMemory() {
            @Override public long malloc(long bytes) { bind(); return driver.malloc(bytes); }
            @Override public void free(long address) { bind(); driver.free(address); }
            @Override public void drain() { bind(); driver.synchronizeContext(); }
            @Override public long freeBytes() { bind(); return driver.memoryInfo()[0]; }
        }, device.toString(), 200);
        this.kernels = new KernelCache(nvrtc, KernelCache.defaultDirectory(System.getenv()), info.arch(),
                info.driverVersion());
    }

    /** Makes this device's context current on the calling thread. */
    private void bind() {
        if (CURRENT.get() != context) {
            driver.setCurrent(context);
            CURRENT.set(context);
        }
    }

    private PerThread thread() {
        PerThread t = threads.get();
        bind();
        return t;
    }

    @Override
    public Device device() {
        return device;
    }

    /** The device's description. */
    CudaDevice info() {
        return info;
    }

    @Override
    public long allocate(long bytes) {
        return allocator.allocate(bytes, thread().stream);
    }

    @Override
    public void release(long address) {
        allocator.release(address);
    }

    @Override
    public void upload(MemorySegment host, long dst) {
        long n = host.byteSize();
        if (n == 0) {
            return;
        }
        PerThread t = thread();
        MemorySegment pinned = t.staging.acquire(n);
        MemorySegment.copy(host, 0, pinned, 0, n);
        driver.copyHtoD(dst, pinned.address(), n, t.stream);
        t.staging.queued(pinned);
    }

    @Override
    public void download(long src, MemorySegment host) {
        long n = host.byteSize();
        PerThread t = thread();
        if (n == 0) {
            synchronize();
            return;
        }
        MemorySegment pinned = t.staging.acquire(n);
        driver.copyDtoH(pinned.address(), src, n, t.stream);
        synchronize();
        MemorySegment.copy(pinned, 0, host, 0, n);
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes > 0) {
            driver.copyDtoD(dst, src, bytes, thread().stream);
        }
    }

    @Override
    public void zero(long dst, long bytes) {
        if (bytes > 0) {
            driver.memset(dst, (byte) 0, bytes, thread().stream);
        }
    }

    @Override
    public Kernel kernel(String file, String name) {
        Kernel k = functions.get(file + ":" + name);
        if (k != null) {
            return k;
        }
        bind();
        return functions.computeIfAbsent(file + ":" + name, key -> {
            long module = modules.computeIfAbsent(file, f -> driver.loadModule(
                    kernels.cubin(f, KernelSources.read(f))));
            return new Kernel(file, name, driver.function(module, name));
        });
    }

    @Override
    public void launch(Kernel kernel, Grid grid, Object... args) {
        PerThread t = thread();
        driver.launch(kernel.handle(), grid, t.stream, t.args.pack(args));
    }

    @Override
    public void gemm(Gemm gemm) {
        PerThread t = thread();
        if (t.blasHandle == 0) {
            t.blasHandle = cublas.create();
            cublas.setStream(t.blasHandle, t.stream);
        }
        int mode = gemm.dtype() == DType.FLOAT32 && Cuda.allowTf32() ? Cublas.TF32_MATH : Cublas.DEFAULT_MATH;
        if (mode != t.mathMode) {
            cublas.setMathMode(t.blasHandle, mode);
            t.mathMode = mode;
        }
        cublas.gemm(t.blasHandle, gemm, t.scalars);
    }

    @Override
    public void synchronize() {
        PerThread t = thread();
        driver.synchronize(t.stream);
        t.staging.idle();
        allocator.synchronizedStream(t.stream);
    }

    /** The allocator's counters. */
    MemoryStats memoryStats() {
        return allocator.stats();
    }

    /** Frees the allocator's cached blocks. */
    void emptyCache() {
        allocator.emptyCache();
    }
}
