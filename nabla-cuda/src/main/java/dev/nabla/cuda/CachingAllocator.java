package dev.nabla.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device memory with PyTorch's caching: sizes round up to a class (multiples of 512 bytes up to
 * 1 MiB, of 2 MiB above), a released block is cached and handed out again rather than freed, and
 * the device is asked ({@link DeviceMemory#malloc}) only when no cached block fits.
 *
 * <p>Stream order: a block is cached in the pool of the stream it was allocated on, and reused
 * by that stream at once (its queue orders the old and the new use); after that stream is
 * synchronised ({@link #synchronizedStream}) the block may go to any stream.
 *
 * <p>Out of memory: free the cache, let the garbage collector run the cleaners of unreachable
 * storages (which release their blocks), free the cache again and retry once; then throw
 * {@link CudaException} naming the requested and the free bytes. Thread-safe.
 */
final class CachingAllocator {
    static final long SMALL_ALIGN = 512;
    static final long SMALL_MAX = 1L << 20;
    static final long LARGE_ALIGN = 2L << 20;

    /** A block held from the device: its size class and the stream it was allocated on. */
    private record Block(long address, long size, long stream) {
    }

    private final DeviceMemory device;
    private final String deviceName;
    private final long gcWaitMillis;
    private final Map<Long, Block> live = new HashMap<>();
    /** Cached free blocks by stream (only that stream may take them) and, after a sync, for all (key 0). */
    private final Map<Long, TreeMap<Long, ArrayDeque<Block>>> pools = new HashMap<>();
    private static final long ANY_STREAM = 0;
    private long allocated, reserved, peakAllocated, peakReserved, deviceAllocs, deviceFrees, ooms;

    /**
     * @param gcWaitMillis how long an allocation out of memory waits at most for the cleaners after {@code System.gc()}
     */
    CachingAllocator(DeviceMemory device, String deviceName, long gcWaitMillis) {
        this.device = device;
        this.deviceName = deviceName;
        this.gcWaitMillis = gcWaitMillis;
    }

    /** The size class of a request of {@code bytes}: a multiple of 512 up to 1 MiB, of 2 MiB above. */
    static long sizeClass(long bytes) {
        long align = bytes <= SMALL_MAX ? SMALL_ALIGN : LARGE_ALIGN;
        return Math.max(align, (bytes + align - 1) / align * align);
    }

    /**
     * At least {@code bytes} of device memory for work on {@code stream}.
     *
     * @throws CudaException naming the requested and free bytes when the device is out of memory
     */
    long allocate(long bytes, long stream) {
        if (bytes < 0) {
            throw new IllegalArgumentException("allocate: negative size " + bytes);
        }
        long size = sizeClass(bytes);
        long a = tryAllocate(size, stream);
        if (a != 0) {
            return a;
        }
        emptyCache();
        awaitCleaners();
        emptyCache();
        a = tryAllocate(size, stream);
        if (a != 0) {
            return a;
        }
        synchronized (this) {
            ooms++;
        }
        throw new CudaException(deviceName + ": out of memory allocating " + bytes + " bytes (" + device.freeBytes()
                + " bytes free, " + allocatedBytes() + " allocated by Nabla)");
    }

    /** Runs the GC and waits (up to {@code gcWaitMillis}) until the cleaners of unreachable storages release blocks. */
    private void awaitCleaners() {
        long before = allocatedBytes();
        System.gc();
        long deadline = System.nanoTime() + gcWaitMillis * 1_000_000;
        try {
            while (allocatedBytes() >= before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(Math.min(gcWaitMillis, 20)); // the other cleaners of the same collection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A cached block of the size class (this stream's, or one free for all), else a new one; 0 if out of memory. */
    private synchronized long tryAllocate(long size, long stream) {
        Block b = take(stream, size, stream);
        if (b == null) {
            b = take(ANY_STREAM, size, stream);
        }
        if (b == null) {
            long address = device.malloc(size);
            if (address == 0) {
                return 0;
            }
            deviceAllocs++;
            reserved += size;
            peakReserved = Math.max(peakReserved, reserved);
            b = new Block(address, size, stream);
        }
        live.put(b.address(), b);
        allocated += b.size();
        peakAllocated = Math.max(peakAllocated, allocated);
        return b.address();
    }

    /** The smallest cached block of at least {@code size} (and at most twice it) in {@code pool}, now for {@code stream}. */
    private Block take(long pool, long size, long stream) {
        TreeMap<Long, ArrayDeque<Block>> bySize = pools.get(pool);
        if (bySize == null) {
            return null;
        }
        Map.Entry<Long, ArrayDeque<Block>> e = bySize.ceilingEntry(size);
        if (e == null || e.getKey() > 2 * size) {
            return null;
        }
        Block b = e.getValue().poll();
        if (e.getValue().isEmpty()) {
            bySize.remove(e.getKey());
        }
        return new Block(b.address(), b.size(), stream);
    }

    /** Caches the block at {@code address} for reuse by the stream it was allocated on. */
    synchronized void release(long address) {
        Block b = live.remove(address);
        if (b == null) {
            throw new IllegalArgumentException("release: " + deviceName + " address 0x" + Long.toHexString(address)
                    + " was not allocated here (or released twice)");
        }
        allocated -= b.size();
        pools.computeIfAbsent(b.stream(), s -> new TreeMap<>()).computeIfAbsent(b.size(), s -> new ArrayDeque<>())
                .add(b);
    }

    /** Says that the work queued on {@code stream} has finished: its cached blocks may go to any stream. */
    synchronized void synchronizedStream(long stream) {
        TreeMap<Long, ArrayDeque<Block>> done = stream == ANY_STREAM ? null : pools.remove(stream);
        if (done == null) {
            return;
        }
        TreeMap<Long, ArrayDeque<Block>> any = pools.computeIfAbsent(ANY_STREAM, s -> new TreeMap<>());
        done.forEach((size, blocks) -> any.computeIfAbsent(size, s -> new ArrayDeque<>()).addAll(blocks));
    }

    /** Frees every cached block back to the device (PyTorch's {@code torch.cuda.empty_cache()}). */
    synchronized void emptyCache() {
        if (pools.isEmpty()) {
            return;
        }
        device.drain();
        for (TreeMap<Long, ArrayDeque<Block>> bySize : pools.values()) {
            for (ArrayDeque<Block> blocks : bySize.values()) {
                for (Block b : blocks) {
                    device.free(b.address());
                    deviceFrees++;
                    reserved -= b.size();
                }
            }
        }
        pools.clear();
    }

    /** Bytes in live blocks. */
    synchronized long allocatedBytes() {
        return allocated;
    }

    /** The counters now. */
    synchronized MemoryStats stats() {
        return new MemoryStats(allocated, reserved, peakAllocated, peakReserved, deviceAllocs, deviceFrees, ooms);
    }

    /** Sets the peaks to the current values (PyTorch's {@code reset_peak_memory_stats}). */
    synchronized void resetPeaks() {
        peakAllocated = allocated;
        peakReserved = reserved;
    }
}
