package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code libcuda.so.1}, {@code cuda.h}) as far as Nabla uses it. Every call
 * checks its {@code CUresult} and throws {@link CudaException} naming the function and the error
 * ({@code cuMemAlloc_v2: CUDA_ERROR_OUT_OF_MEMORY}). Handles ({@code CUcontext}, {@code CUstream},
 * {@code CUmodule}, {@code CUfunction}) and device pointers are {@code long}s.
 */
final class Driver {
    /** {@code CUDA_SUCCESS}. */
    static final int SUCCESS = 0;
    /** {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    static final int OUT_OF_MEMORY = 2;
    /** {@code CUDA_ERROR_NOT_READY} (a query whose work is still running). */
    static final int NOT_READY = 600;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} and {@code _MINOR}. */
    static final int CC_MAJOR = 75, CC_MINOR = 76;
    /** {@code CU_STREAM_NON_BLOCKING}. */
    static final int STREAM_NON_BLOCKING = 1;

    private static volatile Driver instance;

    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
            cuDeviceGetAttribute, cuDeviceTotalMem, cuDevicePrimaryCtxRetain, cuCtxSetCurrent, cuCtxSynchronize, cuMemGetInfo,
            cuMemAlloc, cuMemFree, cuMemAllocHost, cuMemFreeHost, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync,
            cuMemcpyDtoDAsync, cuMemsetD8Async, cuStreamCreate, cuStreamSynchronize, cuEventCreate,
            cuEventRecord, cuEventQuery, cuEventSynchronize, cuEventDestroy, cuModuleLoadData, cuModuleGetFunction,
            cuLaunchKernel, cuGetErrorName;

    private Driver(NativeLibrary lib) {
        FunctionDescriptor i = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        FunctionDescriptor p = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        cuInit = lib.function("cuInit", i);
        cuDriverGetVersion = lib.function("cuDriverGetVersion", p);
        cuDeviceGetCount = lib.function("cuDeviceGetCount", p);
        cuDeviceGet = lib.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDeviceGetName = lib.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetAttribute = lib.function("cuDeviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceTotalMem = lib.function("cuDeviceTotalMem_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDevicePrimaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuCtxSetCurrent = lib.function("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuCtxSynchronize = lib.function("cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));
        cuMemGetInfo = lib.function("cuMemGetInfo_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuMemAlloc = lib.function("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFree = lib.function("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuMemAllocHost = lib.function("cuMemAllocHost_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cuMemFreeHost = lib.function("cuMemFreeHost", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuMemcpyHtoDAsync = lib.function("cuMemcpyHtoDAsync_v2",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cuMemcpyDtoHAsync = lib.function("cuMemcpyDtoHAsync_v2",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cuMemcpyDtoDAsync = lib.function("cuMemcpyDtoDAsync_v2",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cuMemsetD8Async = lib.function("cuMemsetD8Async",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, JAVA_LONG));
        cuStreamCreate = lib.function("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuStreamSynchronize = lib.function("cuStreamSynchronize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuEventCreate = lib.function("cuEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuEventRecord = lib.function("cuEventRecord", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        cuEventQuery = lib.function("cuEventQuery", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuEventSynchronize = lib.function("cuEventSynchronize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuEventDestroy = lib.function("cuEventDestroy_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        cuModuleLoadData = lib.function("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuModuleGetFunction = lib.function("cuModuleGetFunction",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuLaunchKernel = lib.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        cuGetErrorName = lib.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * The driver, opened and initialised ({@code cuInit(0)}) on first use.
     *
     * @throws CudaException {@code cuda: no CUDA driver found (libcuda.so.1)} without a driver
     */
    static Driver get() {
        Driver d = instance;
        if (d == null) {
            synchronized (Driver.class) {
                d = instance;
                if (d == null) {
                    d = new Driver(NativeLibrary.open("CUDA driver", "libcuda.so.1"));
                    d.init();
                    instance = d;
                }
            }
        }
        return d;
    }

    // --- devices ---

    private void init() {
        int rc;
        try {
            rc = (int) cuInit.invokeExact(0);
        } catch (Throwable t) {
            throw rethrow("cuInit", t);
        }
        if (rc == 100) { // CUDA_ERROR_NO_DEVICE: a driver without a GPU counts zero devices
            return;
        }
        check("cuInit", rc);
    }

    /** The driver's CUDA version, e.g. 13000 for 13.0. */
    int driverVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check("cuDriverGetVersion", (int) cuDriverGetVersion.invokeExact(v));
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow("cuDriverGetVersion", t);
        }
    }

    /** The number of CUDA devices (0 when the driver sees none). */
    int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            int rc = (int) cuDeviceGetCount.invokeExact(n);
            if (rc == 100 || rc == 3) { // CUDA_ERROR_NO_DEVICE, CUDA_ERROR_NOT_INITIALIZED
                return 0;
            }
            check("cuDeviceGetCount", rc);
            return n.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow("cuDeviceGetCount", t);
        }
    }

    /** The {@code CUdevice} of ordinal {@code ordinal}. */
    int device(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment d = a.allocate(JAVA_INT);
            check("cuDeviceGet", (int) cuDeviceGet.invokeExact(d, ordinal));
            return d.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow("cuDeviceGet", t);
        }
    }

    /** The device's product name, e.g. {@code NVIDIA H200}. */
    String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(256);
            check("cuDeviceGetName", (int) cuDeviceGetName.invokeExact(s, 256, device));
            return s.getString(0);
        } catch (Throwable t) {
            throw rethrow("cuDeviceGetName", t);
        }
    }

    /** The device attribute {@code attribute} ({@code CUdevice_attribute}). */
    int attribute(int device, int attribute) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check("cuDeviceGetAttribute", (int) cuDeviceGetAttribute.invokeExact(v, attribute, device));
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow("cuDeviceGetAttribute", t);
        }
    }

    /** The device's memory in bytes. */
    long totalMemory(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_LONG);
            check("cuDeviceTotalMem_v2", (int) cuDeviceTotalMem.invokeExact(v, device));
            return v.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuDeviceTotalMem_v2", t);
        }
    }

    // --- contexts, memory ---

    /** The device's primary context (the one the runtime API and PyTorch share). */
    long primaryContext(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(JAVA_LONG);
            check("cuDevicePrimaryCtxRetain", (int) cuDevicePrimaryCtxRetain.invokeExact(c, device));
            return c.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuDevicePrimaryCtxRetain", t);
        }
    }

    /** Makes {@code context} current on the calling thread. */
    void setCurrent(long context) {
        try {
            check("cuCtxSetCurrent", (int) cuCtxSetCurrent.invokeExact(context));
        } catch (Throwable t) {
            throw rethrow("cuCtxSetCurrent", t);
        }
    }

    /** Waits for all work queued in the current context. */
    void synchronizeContext() {
        try {
            check("cuCtxSynchronize", (int) cuCtxSynchronize.invokeExact());
        } catch (Throwable t) {
            throw rethrow("cuCtxSynchronize", t);
        }
    }

    /** {@code {free, total}} bytes of the current context's device. */
    long[] memoryInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment free = a.allocate(JAVA_LONG);
            MemorySegment total = a.allocate(JAVA_LONG);
            check("cuMemGetInfo_v2", (int) cuMemGetInfo.invokeExact(free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow("cuMemGetInfo_v2", t);
        }
    }

    /** {@code bytes} of device memory, or 0 when the device is out of memory. */
    long malloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            int rc = (int) cuMemAlloc.invokeExact(p, bytes);
            if (rc == OUT_OF_MEMORY) {
                return 0;
            }
            check("cuMemAlloc_v2", rc);
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuMemAlloc_v2", t);
        }
    }

    /** Frees device memory from {@link #malloc}. */
    void free(long address) {
        try {
            check("cuMemFree_v2", (int) cuMemFree.invokeExact(address));
        } catch (Throwable t) {
            throw rethrow("cuMemFree_v2", t);
        }
    }

    /** {@code bytes} of page-locked host memory, which the device copies to and from asynchronously. */
    MemorySegment mallocHost(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check("cuMemAllocHost_v2", (int) cuMemAllocHost.invokeExact(p, bytes));
            return MemorySegment.ofAddress(p.get(JAVA_LONG, 0)).reinterpret(bytes);
        } catch (Throwable t) {
            throw rethrow("cuMemAllocHost_v2", t);
        }
    }

    /** Frees memory from {@link #mallocHost}. */
    void freeHost(MemorySegment host) {
        try {
            check("cuMemFreeHost", (int) cuMemFreeHost.invokeExact(host.address()));
        } catch (Throwable t) {
            throw rethrow("cuMemFreeHost", t);
        }
    }

    // --- copies, streams, events ---

    /** Queues a copy of {@code bytes} from host address {@code src} (pinned) to {@code dst}. */
    void copyHtoD(long dst, long src, long bytes, long stream) {
        try {
            check("cuMemcpyHtoDAsync_v2", (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream));
        } catch (Throwable t) {
            throw rethrow("cuMemcpyHtoDAsync_v2", t);
        }
    }

    /** Queues a copy of {@code bytes} from {@code src} to host address {@code dst} (pinned). */
    void copyDtoH(long dst, long src, long bytes, long stream) {
        try {
            check("cuMemcpyDtoHAsync_v2", (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream));
        } catch (Throwable t) {
            throw rethrow("cuMemcpyDtoHAsync_v2", t);
        }
    }

    /** Queues a device-to-device copy. */
    void copyDtoD(long dst, long src, long bytes, long stream) {
        try {
            check("cuMemcpyDtoDAsync_v2", (int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream));
        } catch (Throwable t) {
            throw rethrow("cuMemcpyDtoDAsync_v2", t);
        }
    }

    /** Queues setting {@code bytes} bytes at {@code dst} to {@code value}. */
    void memset(long dst, byte value, long bytes, long stream) {
        try {
            check("cuMemsetD8Async", (int) cuMemsetD8Async.invokeExact(dst, value, bytes, stream));
        } catch (Throwable t) {
            throw rethrow("cuMemsetD8Async", t);
        }
    }

    /** A new stream that does not synchronise with the legacy default stream. */
    long createStream() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(JAVA_LONG);
            check("cuStreamCreate", (int) cuStreamCreate.invokeExact(s, STREAM_NON_BLOCKING));
            return s.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuStreamCreate", t);
        }
    }

    /** Waits for the work queued on {@code stream}. */
    void synchronize(long stream) {
        try {
            check("cuStreamSynchronize", (int) cuStreamSynchronize.invokeExact(stream));
        } catch (Throwable t) {
            throw rethrow("cuStreamSynchronize", t);
        }
    }

    /** A new event ({@code CU_EVENT_DISABLE_TIMING}). */
    long createEvent() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(JAVA_LONG);
            check("cuEventCreate", (int) cuEventCreate.invokeExact(e, 2));
            return e.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuEventCreate", t);
        }
    }

    /** Records {@code event} after the work queued so far on {@code stream}. */
    void record(long event, long stream) {
        try {
            check("cuEventRecord", (int) cuEventRecord.invokeExact(event, stream));
        } catch (Throwable t) {
            throw rethrow("cuEventRecord", t);
        }
    }

    /** Whether the work before {@code event}'s last record has finished. */
    boolean done(long event) {
        try {
            int rc = (int) cuEventQuery.invokeExact(event);
            if (rc == NOT_READY) {
                return false;
            }
            check("cuEventQuery", rc);
            return true;
        } catch (Throwable t) {
            throw rethrow("cuEventQuery", t);
        }
    }

    /** Waits for the work before {@code event}'s last record. */
    void await(long event) {
        try {
            check("cuEventSynchronize", (int) cuEventSynchronize.invokeExact(event));
        } catch (Throwable t) {
            throw rethrow("cuEventSynchronize", t);
        }
    }

    /** Destroys {@code event}. */
    void destroyEvent(long event) {
        try {
            check("cuEventDestroy_v2", (int) cuEventDestroy.invokeExact(event));
        } catch (Throwable t) {
            throw rethrow("cuEventDestroy_v2", t);
        }
    }

    // --- modules, launches ---

    /** Loads a module from a CUBIN image. */
    long loadModule(byte[] image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(JAVA_LONG);
            MemorySegment data = a.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, data, JAVA_BYTE, 0, image.length);
            check("cuModuleLoadData", (int) cuModuleLoadData.invokeExact(m, data));
            return m.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuModuleLoadData", t);
        }
    }

    /** The function {@code name} ({@code extern "C"}) of {@code module}. */
    long function(long module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG);
            int rc = (int) cuModuleGetFunction.invokeExact(f, module, a.allocateFrom(name));
            if (rc != SUCCESS) {
                throw new CudaException("cuModuleGetFunction(" + name + "): " + errorName(rc));
            }
            return f.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow("cuModuleGetFunction", t);
        }
    }

    /** Queues {@code function} on {@code grid} with the packed {@code void** kernelParams}. */
    void launch(long function, Grid grid, long stream, MemorySegment params) {
        try {
            check("cuLaunchKernel", (int) cuLaunchKernel.invokeExact(function, grid.x(), grid.y(), grid.z(),
                    grid.blockX(), grid.blockY(), 1, grid.sharedBytes(), stream, params, MemorySegment.NULL));
        } catch (Throwable t) {
            throw rethrow("cuLaunchKernel", t);
        }
    }

    // --- errors ---

    /** Throws unless {@code rc} is {@code CUDA_SUCCESS}. */
    void check(String function, int rc) {
        if (rc != SUCCESS) {
            throw new CudaException(function + ": " + errorName(rc));
        }
    }

    /** {@code CUDA_ERROR_OUT_OF_MEMORY} for 2, or {@code CUresult 12345} for a code the driver does not name. */
    String errorName(int rc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(ADDRESS);
            int r = (int) cuGetErrorName.invokeExact(rc, s);
            MemorySegment str = s.get(ADDRESS, 0);
            return r == SUCCESS && !str.equals(MemorySegment.NULL) ? str.reinterpret(256).getString(0) : "CUresult " + rc;
        } catch (Throwable t) {
            return "CUresult " + rc;
        }
    }

    /** {@code t} as it should propagate: a {@link CudaException} or error as is, anything else wrapped. */
    static RuntimeException rethrow(String function, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CudaException(function + ": " + t);
    }
}
