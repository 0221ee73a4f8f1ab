package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The caching allocator over a fake device of fixed capacity: classes, reuse, stream order, stats, OOM, threads. */
class CachingAllocatorTest {
    private static final long A = 11, B = 22; // two streams

    /** A device of {@code capacity} bytes handing out increasing addresses. */
    static final class FakeDevice implements DeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new ConcurrentHashMap<>();
        long next = 1L << 32;
        int mallocs, frees, drains;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized long malloc(long bytes) {
            if (used() + bytes > capacity) {
                return 0;
            }
            mallocs++;
            long a = next;
            next += bytes;
            live.put(a, bytes);
            return a;
        }

        @Override
        public synchronized void free(long address) {
            frees++;
            assertTrue(live.remove(address) != null, "freed twice or never allocated");
        }

        @Override
        public synchronized void drain() {
            drains++;
        }

        @Override
        public synchronized long freeBytes() {
            return capacity - used();
        }

        synchronized long used() {
            return live.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void sizesRoundUpToTheirClass() {
        assertEquals(512, CachingAllocator.sizeClass(0));
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1L << 20, CachingAllocator.sizeClass(1L << 20));
        assertEquals(2L << 20, CachingAllocator.sizeClass((1L << 20) + 1));
        assertEquals(4L << 20, CachingAllocator.sizeClass((2L << 20) + 1));
        assertEquals(100L << 20, CachingAllocator.sizeClass(99L << 20));
    }

    @Test
    void releasedBlocksAreReusedWithoutAskingTheDevice() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        long a = alloc.allocate(1000, A);
        alloc.release(a);
        assertEquals(a, alloc.allocate(700, A), "a 1000-byte block (class 1024) serves 700 bytes");
        long b = alloc.allocate(3000, A);
        assertNotEquals(a, b);
        assertEquals(2, dev.mallocs);
        assertEquals(new MemoryStats(1024 + 3072, 1024 + 3072, 1024 + 3072, 1024 + 3072, 2, 0, 0), alloc.stats());
        alloc.release(b);
        alloc.release(a);
        MemoryStats s = alloc.stats();
        assertEquals(0, s.allocated());
        assertEquals(4096, s.reserved());
        assertEquals(4096, s.cached());
        assertEquals(4096, s.peakAllocated());
        assertEquals(4096L, s.asMap().get("reserved_bytes.all.current"));
        assertEquals(2L, s.asMap().get("num_device_alloc"));
    }

    @Test
    void aSmallRequestDoesNotTakeAMuchLargerBlock() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        long big = alloc.allocate(64L << 20, A);
        alloc.release(big);
        assertNotEquals(big, alloc.allocate(1 << 10, A));
        assertEquals(big, alloc.allocate(40L << 20, A), "40 MiB fits the cached 64 MiB block");
    }

    @Test
    void anotherStreamReusesABlockOnlyAfterItsStreamIsSynchronized() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        long a = alloc.allocate(4096, A);
        alloc.release(a);
        long b = alloc.allocate(4096, B);
        assertNotEquals(a, b, "stream B must not take a block stream A may still be using");
        alloc.release(b);
        alloc.synchronizedStream(A);
        assertEquals(b, alloc.allocate(4096, B), "B's own block first");
        assertEquals(a, alloc.allocate(4096, B), "then A's, A being synchronized");
        assertEquals(2, dev.mallocs);
    }

    @Test
    void emptyCacheFreesCachedBlocksAfterDrainingTheDevice() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        long keep = alloc.allocate(100, A);
        alloc.release(alloc.allocate(5000, A));
        alloc.release(alloc.allocate(3L << 20, B));
        alloc.emptyCache();
        assertEquals(1, dev.drains);
        assertEquals(2, dev.frees);
        assertEquals(Map.of(keep, 512L), dev.live);
        assertEquals(512, alloc.stats().reserved());
        assertEquals(2, alloc.stats().deviceFrees());
        alloc.emptyCache();
        assertEquals(1, dev.drains, "nothing cached: no drain");
    }

    @Test
    void releasingAnUnknownAddressFails() {
        CachingAllocator alloc = new CachingAllocator(new FakeDevice(1 << 20), "cuda:0", 10);
        long a = alloc.allocate(10, A);
        alloc.release(a);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> alloc.release(a));
        assertTrue(e.getMessage().contains("released twice"), e.getMessage());
    }

    @Test
    void outOfMemoryFreesTheCacheFirst() {
        FakeDevice dev = new FakeDevice(8L << 20);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        alloc.release(alloc.allocate(6L << 20, A));
        long a = alloc.allocate(4L << 20, B); // the cached 6 MiB block is B's only after freeing it
        assertEquals(1, dev.frees);
        assertEquals(4L << 20, alloc.stats().reserved());
        assertEquals(Set.of(a), dev.live.keySet());
    }

    @Test
    void outOfMemoryRunsTheCleanersOfUnreachableStorages() {
        FakeDevice dev = new FakeDevice(8L << 20);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 5000);
        Cleaner cleaner = Cleaner.create();
        Object storage = new Object();
        long held = alloc.allocate(6L << 20, A);
        cleaner.register(storage, () -> alloc.release(held));
        storage = null; // unreachable: only the GC can give its memory back
        long a = alloc.allocate(6L << 20, A);
        assertEquals(6L << 20, alloc.stats().allocated());
        assertTrue(dev.live.containsKey(a));
        assertEquals(0, alloc.stats().ooms());
    }

    @Test
    void outOfMemoryNamesTheRequestedAndFreeBytes() {
        FakeDevice dev = new FakeDevice(8L << 20);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        long kept = alloc.allocate(5L << 20, A);
        CudaException e = assertThrows(CudaException.class, () -> alloc.allocate(5_000_000, A));
        assertEquals("cuda:0: out of memory allocating 5000000 bytes (2097152 bytes free, 6291456 allocated by Nabla)",
                e.getMessage());
        assertEquals(1, alloc.stats().ooms());
        alloc.release(kept);
        assertEquals(kept, alloc.allocate(5_000_000, A), "usable again once memory is released");
    }

    @Test
    void concurrentThreadsNeverShareALiveBlock() throws Exception {
        FakeDevice dev = new FakeDevice(1L << 34);
        CachingAllocator alloc = new CachingAllocator(dev, "cuda:0", 10);
        Set<Long> inUse = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long stream = 100 + t % 3;
            Random random = new Random(t);
            jobs.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    if (mine.isEmpty() || random.nextBoolean()) {
                        long a = alloc.allocate(1 + random.nextInt(3 << 20), stream);
                        assertTrue(inUse.add(a), "block handed out twice");
                        mine.add(a);
                    } else {
                        long a = mine.remove(random.nextInt(mine.size()));
                        assertTrue(inUse.remove(a));
                        alloc.release(a);
                    }
                    if (i % 500 == 0) {
                        alloc.synchronizedStream(stream);
                    }
                }
                for (long a : mine) {
                    inUse.remove(a);
                    alloc.release(a);
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        MemoryStats s = alloc.stats();
        assertEquals(0, s.allocated());
        assertEquals(dev.used(), s.reserved());
        assertEquals(s.deviceAllocs(), dev.mallocs);
        assertTrue(s.peakAllocated() > 0 && s.peakAllocated() <= s.peakReserved());
        alloc.emptyCache();
        assertEquals(0, dev.used());
        assertEquals(0, alloc.stats().reserved());
    }
}
