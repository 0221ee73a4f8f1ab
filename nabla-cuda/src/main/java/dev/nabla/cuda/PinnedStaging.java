package dev.nabla.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread's page-locked host buffers for asynchronous copies: a host array is copied into a
 * free buffer, the device copy is queued from it, and an event marks when the buffer may be
 * reused. Past {@link #LIMIT} bytes of buffers, the stream is waited for instead of pinning more.
 */
final class PinnedStaging {
    /** Bytes of pinned buffers one thread keeps at most (a larger single copy still gets its buffer). */
    static final long LIMIT = 256L << 20;
    private static final long GRAIN = 1L << 20;

    private final Driver driver;
    private final long stream;
    private final List<Buffer> buffers = new ArrayList<>();
    private long pinned;

    private static final class Buffer {
        final MemorySegment memory;
        final long event;
        boolean busy;

        Buffer(MemorySegment memory, long event) {
            this.memory = memory;
            this.event = event;
        }
    }

    PinnedStaging(Driver driver, long stream) {
        this.driver = driver;
        this.stream = stream;
    }

    /** A pinned buffer of at least {@code bytes} that no queued copy uses; pass it to {@link #queued} after use. */
    MemorySegment acquire(long bytes) {
        Buffer best = free(bytes);
        if (best == null && pinned + bytes > LIMIT && !buffers.isEmpty()) {
            driver.synchronize(stream);
            idle();
            best = free(bytes);
            if (best == null) { // none large enough: give the small ones back before pinning more
                for (Buffer b : buffers) {
                    driver.freeHost(b.memory);
                    driver.destroyEvent(b.event);
                }
                buffers.clear();
                pinned = 0;
            }
        }
        if (best == null) {
            long size = (bytes + GRAIN - 1) / GRAIN * GRAIN;
            best = new Buffer(driver.mallocHost(size), driver.createEvent());
            buffers.add(best);
            pinned += size;
        }
        best.busy = true;
        return best.memory;
    }

    /** Records that a copy from or to {@code memory} has been queued on the stream. */
    void queued(MemorySegment memory) {
        for (Buffer b : buffers) {
            if (b.memory.address() == memory.address()) {
                driver.record(b.event, stream);
                return;
            }
        }
    }

    /** Marks every buffer reusable: the stream has just been synchronised. */
    void idle() {
        buffers.forEach(b -> b.busy = false);
    }

    private Buffer free(long bytes) {
        Buffer best = null;
        for (Buffer b : buffers) {
            if (b.memory.byteSize() >= bytes && (best == null || b.memory.byteSize() < best.memory.byteSize())
                    && (!b.busy || driver.done(b.event))) {
                best = b;
            }
        }
        if (best != null) {
            best.busy = false;
        }
        return best;
    }
}
