package dev.nabla.cuda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The caching allocator's counters, as the main keys of PyTorch's {@code torch.cuda.memory_stats()}.
 *
 * @param allocated     bytes in live blocks (rounded up to their size class)
 * @param reserved      bytes held from the device: live blocks and cached free ones
 * @param peakAllocated the most {@code allocated} has been
 * @param peakReserved  the most {@code reserved} has been
 * @param deviceAllocs  {@code cuMemAlloc} calls made
 * @param deviceFrees   {@code cuMemFree} calls made
 * @param ooms          allocations that ran out of memory even after freeing the cache
 */
public record MemoryStats(long allocated, long reserved, long peakAllocated, long peakReserved, long deviceAllocs,
        long deviceFrees, long ooms) {

    /** Bytes cached for reuse: {@code reserved - allocated}. */
    public long cached() {
        return reserved - allocated;
    }

    /** The figures under PyTorch's key names ({@code allocated_bytes.all.current}, ...). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("allocated_bytes.all.current", allocated);
        m.put("allocated_bytes.all.peak", peakAllocated);
        m.put("reserved_bytes.all.current", reserved);
        m.put("reserved_bytes.all.peak", peakReserved);
        m.put("num_device_alloc", deviceAllocs);
        m.put("num_device_free", deviceFrees);
        m.put("num_ooms", ooms);
        return m;
    }
}
