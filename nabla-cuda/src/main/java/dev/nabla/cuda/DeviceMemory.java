package dev.nabla.cuda;

/** Raw device memory, as the {@link CachingAllocator} gets it from the driver (or a fake device in tests). */
interface DeviceMemory {
    /** {@code bytes} of fresh device memory, or 0 when the device is out of memory. */
    long malloc(long bytes);

    /** Gives {@code address} from {@link #malloc} back to the device. */
    void free(long address);

    /** Waits for all work queued on the device, so that memory freed next is no longer in use. */
    void drain();

    /** Bytes the device has free now. */
    long freeBytes();
}
