package dev.nabla.cuda;

import dev.nabla.backend.DType;
import dev.nabla.backend.Storage;
import java.lang.ref.Cleaner;

/**
 * Elements in GPU memory: {@code size} elements of {@code dtype} at a device address, given back
 * to the runtime's allocator when the storage becomes unreachable. Element access from the host
 * is refused; download instead.
 *
 * <p>Device layouts: float32 as {@code float}, float64 as {@code double}, int64 as {@code long long},
 * bool as one byte (0 or 1).
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DeviceRuntime runtime;
    private final DType dtype;
    private final int size;
    private final long address;

    /** Allocates (uninitialised) device memory for {@code size} elements of {@code dtype}. */
    public CudaStorage(DeviceRuntime runtime, DType dtype, int size) {
        this.runtime = runtime;
        this.dtype = dtype;
        this.size = size;
        this.address = runtime.allocate(Math.max(1, bytes(dtype, size)));
        long a = address;
        CLEANER.register(this, () -> runtime.release(a));
    }

    /** Bytes one element of {@code dtype} takes on the device. */
    public static int elementBytes(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 4;
            case FLOAT64, INT64 -> 8;
            case BOOL -> 1;
        };
    }

    /** Bytes {@code size} elements of {@code dtype} take on the device. */
    public static long bytes(DType dtype, int size) {
        return (long) elementBytes(dtype) * size;
    }

    /** The runtime owning the memory. */
    public DeviceRuntime runtime() { return runtime; }

    /** The device address of element 0. */
    public long address() { return address; }

    /** The device address of element {@code index}. */
    public long address(long index) { return address + index * elementBytes(dtype); }

    @Override public DType dtype() { return dtype; }
    @Override public int size() { return size; }
    @Override public double get(int i) { throw refused(); }
    @Override public void set(int i, double v) { throw refused(); }

    private UnsupportedOperationException refused() {
        return new UnsupportedOperationException(runtime.device() + " memory is not readable from the host; download it");
    }
}
