package dev.nabla.backend;

import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recycles the host arrays of a backward pass, as PyTorch's caching allocator reuses freed
 * blocks: a fresh Java array costs its size in cold memory writes (about 1 ns per 8 bytes on the
 * machines we measure, against 0.05 ns to clear a cached one) and later garbage-collection work.
 *
 * <p>The autograd engine {@link #record records} the arrays allocated on its thread while it
 * runs (through {@link HeapBudget}); when the pass is over it gives back every one that no
 * gradient it leaves behind uses ({@link Recording#release}). Those arrays are dead: the gradients
 * flowing through the graph and the kernels' results exist only inside the pass. Later
 * allocations of the same type and length on the same thread take them back, cleared to zero
 * unless the caller writes every element ({@link HeapBudget#emptyFloats}),
 * so a training step allocates fresh memory mostly for its forward pass ({@code CompiledStep}
 * records a whole step, forward included). Pools are per thread (no locking; a worker never sees
 * another thread's arrays), hold at most {@link #capacityBytes()} and hold it softly: the garbage
 * collector takes pooled arrays back before it would run out of heap. Arrays under
 * {@link #MIN_ELEMENTS} elements are not pooled.
 */
public final class ArrayPool {
    /** Arrays shorter than this are allocated and dropped as usual (cheaper than a lookup). */
    static final int MIN_ELEMENTS = 256;
    private static final ThreadLocal<ArrayPool> POOL = ThreadLocal.withInitial(ArrayPool::new);
    private static final long CAPACITY = Long.getLong("nabla.pool.bytes", Runtime.getRuntime().maxMemory() / 2);

    /** Pooled arrays by type and length, softly held: the collector reclaims them before it runs out of heap. */
    private final Map<Long, ArrayDeque<SoftReference<Object>>> free = new HashMap<>();
    private long heldBytes;
    /**
     * Arrays allocated on this thread since the outermost open recording began, or null; weakly
     * held, so that a long pass's dead temporaries can still be collected before it ends.
     */
    private List<WeakReference<Object>> recorded;
    private int depth;
    /** Bytes of poolable arrays this thread took from the heap because the pool held none. */
    private long freshBytes;

    private ArrayPool() {
    }

    /**
     * Bytes of arrays (of at least {@link #MIN_ELEMENTS} elements) that the backends have
     * allocated on this thread from the heap so far, because its pool held none of their type
     * and length; what a training step adds to it is the memory it did not recycle.
     */
    public static long freshBytes() {
        return POOL.get().freshBytes;
    }

    /**
     * Most bytes a thread's pool holds: half the heap's maximum, or the {@code nabla.pool.bytes}
     * system property (0 turns pooling off).
     */
    public static long capacityBytes() {
        return CAPACITY;
    }

    /**
     * An array of {@code n} elements of {@code dtype} from this thread's pool, zeroed when
     * {@code zeroed} (else holding what its last user left), or null when the pool holds none of
     * that type and length (counted in {@link #freshBytes}, as the caller allocates it).
     */
    static Object take(DType dtype, int n, boolean zeroed) {
        if (n < MIN_ELEMENTS) {
            return null;
        }
        ArrayPool pool = POOL.get();
        ArrayDeque<SoftReference<Object>> q = pool.free.isEmpty() ? null : pool.free.get(key(dtype, n));
        while (q != null && !q.isEmpty()) {
            Object a = q.pollLast().get();
            pool.heldBytes -= (long) n * dtype.bytes();
            if (a != null) {
                if (zeroed) {
                    clear(a);
                }
                return a;
            }
        }
        pool.freshBytes += (long) n * dtype.bytes();
        return null;
    }

    /**
     * Gives the array behind {@code d} to this thread's pool, when {@code d} is the whole of a host
     * array: the caller guarantees that nothing uses it any more (a gradient that
     * {@code Tensor.zeroGrad} drops and that no one was handed).
     */
    public static void recycle(NDArray d) {
        Object a = d.isWholeStorage() ? HostMemory.array(d.storage()) : null;
        if (a != null && Array.getLength(a) >= MIN_ELEMENTS && CAPACITY > 0) {
            ArrayPool pool = POOL.get();
            if (!pool.holds(a)) { // pooled twice, it would be handed to two users
                pool.give(a);
            }
        }
    }

    private boolean holds(Object a) {
        ArrayDeque<SoftReference<Object>> q = free.get(key(dtypeOf(a), Array.getLength(a)));
        return q != null && q.stream().anyMatch(r -> r.get() == a);
    }

    /** Notes a new array for the open recording of this thread, if any. */
    static void allocated(Object array, int n) {
        if (n >= MIN_ELEMENTS) {
            ArrayPool pool = POOL.get();
            if (pool.recorded != null) {
                pool.recorded.add(new WeakReference<>(array));
            }
        }
    }

    /**
     * Starts noting the arrays allocated on this thread; nested recordings belong to the
     * outermost one, which alone releases.
     */
    public static Recording record() {
        ArrayPool pool = POOL.get();
        if (pool.depth++ == 0) {
            pool.recorded = new ArrayList<>();
        }
        return new Recording(pool);
    }

    /**
     * Runs {@code body} with this thread's open recording paused: what it allocates is never given
     * back by that recording, so it may outlive the step (a cache a module fills on first use).
     */
    public static <T> T unrecorded(Supplier<T> body) {
        ArrayPool pool = POOL.get();
        List<WeakReference<Object>> recorded = pool.recorded;
        pool.recorded = null;
        try {
            return body.get();
        } finally {
            pool.recorded = recorded;
        }
    }

    /** The arrays allocated while it was open, to give back once they are known to be dead. */
    public static final class Recording implements AutoCloseable {
        private final ArrayPool pool;
        private boolean closed;

        private Recording(ArrayPool pool) {
            this.pool = pool;
        }

        /** Whether the recording has noted an array so far. */
        public boolean noted() {
            return !closed && pool.recorded != null && !pool.recorded.isEmpty();
        }

        /**
         * Closes the recording and pools every array it noted except those backing {@code live}
         * (nulls skipped); a nested recording releases nothing, nor does one where a live array
         * is not in host memory (a device storage may wrap an array noted here).
         */
        public void release(List<NDArray> live) {
            release(live, List.of());
        }

        /**
         * As {@link #release(List)}, and also pools the arrays behind {@code retired}, arrays of
         * earlier passes that the caller knows to be dead now (last step's gradients, which
         * {@code zeroGrad} dropped), unless they back {@code live}.
         */
        public void release(List<NDArray> live, List<NDArray> retired) {
            if (closed) {
                return;
            }
            List<WeakReference<Object>> arrays = pool.recorded;
            close();
            if (pool.depth > 0 || arrays == null || CAPACITY <= 0) {
                return;
            }
            Set<Object> keep = Collections.newSetFromMap(new IdentityHashMap<>());
            for (NDArray a : live) {
                if (a != null) {
                    Object array = HostMemory.array(a.storage());
                    if (array == null) { // another backend's storage, which may wrap an array noted here
                        return;
                    }
                    keep.add(array);
                }
            }
            for (WeakReference<Object> r : arrays) {
                Object a = r.get();
                if (a != null && keep.add(a)) {
                    pool.give(a);
                }
            }
            for (NDArray r : retired) {
                Object a = HostMemory.array(r.storage());
                if (a != null && Array.getLength(a) >= MIN_ELEMENTS && keep.add(a)) {
                    pool.give(a);
                }
            }
        }

        /** Stops recording without giving anything back (the pass failed or its results escape). */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (--pool.depth == 0) {
                    pool.recorded = null;
                }
            }
        }
    }

    private void give(Object a) {
        int n = Array.getLength(a);
        DType dtype = dtypeOf(a);
        long bytes = (long) n * dtype.bytes();
        if (heldBytes + bytes > CAPACITY && purge() + bytes > CAPACITY) {
            return;
        }
        heldBytes += bytes;
        free.computeIfAbsent(key(dtype, n), k -> new ArrayDeque<>()).addLast(new SoftReference<>(a));
    }

    /** Drops the entries the collector has cleared; returns the bytes still held. */
    private long purge() {
        long held = 0;
        for (var e : free.entrySet()) {
            e.getValue().removeIf(r -> r.get() == null);
            long n = e.getKey() >>> 3;
            held += n * DType.values()[(int) (e.getKey() & 7)].bytes() * e.getValue().size();
        }
        heldBytes = held;
        return held;
    }

    private static long key(DType dtype, int n) {
        return ((long) n << 3) | dtype.ordinal();
    }

    static DType dtypeOf(Object a) {
        return switch (a) {
            case float[] f -> DType.FLOAT32;
            case double[] d -> DType.FLOAT64;
            case long[] l -> DType.INT64;
            case boolean[] b -> DType.BOOL;
            default -> throw new IllegalArgumentException(a.getClass().getName());
        };
    }

    static void clear(Object a) {
        switch (a) {
            case float[] f -> Arrays.fill(f, 0f);
            case double[] d -> Arrays.fill(d, 0d);
            case long[] l -> Arrays.fill(l, 0L);
            case boolean[] b -> Arrays.fill(b, false);
            default -> throw new IllegalArgumentException(a.getClass().getName());
        }
    }
}
