package dev.nabla.cuda;

import dev.nabla.backend.Device;
import java.lang.foreign.MemorySegment;

/**
 * What the CUDA backend needs from one GPU: memory, copies, kernel launches and GEMMs, all queued
 * on the calling thread's stream. {@code CudaBackend} is written against this interface only;
 * the driver-API implementation binds {@code libcuda}, NVRTC and cuBLAS.
 *
 * <p>Device addresses are plain {@code long}s ({@code CUdeviceptr}). Work is asynchronous: only
 * {@link #download} and {@link #synchronize} wait for the stream.
 */
public interface DeviceRuntime {
    /** The device served, e.g. {@code cuda:0}. */
    Device device();

    /**
     * At least {@code bytes} of device memory from the caching allocator (256-byte aligned).
     *
     * @throws CudaException naming the requested and free bytes when the device is out of memory
     */
    long allocate(long bytes);

    /** Gives memory from {@link #allocate} back to the allocator; safe while queued work still uses it. */
    void release(long address);

    /** Copies {@code host.byteSize()} bytes from host memory to {@code dst}; {@code host} may be reused on return. */
    void upload(MemorySegment host, long dst);

    /** Copies {@code host.byteSize()} bytes from {@code src} into host memory, after the queued work. */
    void download(long src, MemorySegment host);

    /** Queues a device-to-device copy of {@code bytes}. */
    void copy(long dst, long src, long bytes);

    /** Queues zeroing {@code bytes} at {@code dst}. */
    void zero(long dst, long bytes);

    /** The kernel {@code name} of the source {@code file} under {@code dev/nabla/cuda/kernels/}, compiled on first use. */
    Kernel kernel(String file, String name);

    /**
     * Queues {@code kernel} on {@code grid}; {@code args} in the kernel's parameter order, each an
     * {@link Integer} ({@code int}), {@link Long} ({@code long long} or a device pointer),
     * {@link Float} or {@link Double}.
     */
    void launch(Kernel kernel, Grid grid, Object... args);

    /** Queues a cuBLAS GEMM (float32 honours {@code Cuda.allowTf32}). */
    void gemm(Gemm gemm);

    /** Waits until all work queued by this thread has finished. */
    void synchronize();
}
