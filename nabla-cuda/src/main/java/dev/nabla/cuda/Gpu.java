package dev.nabla.cuda;

import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the kernel families of {@link CudaBackend} share: device arrays, kernel launches, and the
 * layouts ({@code meta} in {@code common.cuh}) that tell a kernel how its operands walk one shape.
 *
 * <p>A layout is {@code [rank, sizes[8], strides of operand 0 [8], ..., of operand 3 [8]]} (int64),
 * uploaded once and kept in a cache keyed by its content, so repeated shapes cost no transfer.
 */
final class Gpu {
    /** Dims a kernel layout holds; more (after merging) is refused. */
    static final int MAX_DIMS = 8;
    /** Strided operands a layout holds. */
    static final int MAX_OPS = 4;
    private static final int LAYOUT_LONGS = 1 + MAX_DIMS * (1 + MAX_OPS);
    private static final int CACHED_LAYOUTS = 4096;

    final DeviceRuntime runtime;
    private final Map<LayoutKey, CudaStorage> layouts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LayoutKey, CudaStorage> eldest) {
            return size() > CACHED_LAYOUTS;
        }
    };

    Gpu(DeviceRuntime runtime) {
        this.runtime = runtime;
    }

    /** A new contiguous array of uninitialised device memory. */
    NDArray empty(DType dtype, int[] shape) {
        return new NDArray(new CudaStorage(runtime, dtype, Shape.numel(shape)), shape.clone());
    }

    /** The device storage of {@code a}, or an error naming the op when it lives elsewhere. */
    CudaStorage storage(NDArray a) {
        if (a.storage() instanceof CudaStorage s) {
            return s;
        }
        throw new IllegalArgumentException(runtime.device() + ": got an array that is not in " + runtime.device()
                + " memory: " + a);
    }

    /** The device address of {@code a}'s first element (its view offset applied); 0 for null. */
    long ptr(NDArray a) {
        return a == null ? 0L : storage(a).address(a.offset());
    }

    /** The kernel's dtype code ({@code T_F32 .. T_BOOL} in {@code common.cuh}). */
    static int code(DType t) {
        return t.ordinal();
    }

    /** Queues kernel {@code name} of {@code file} on {@code grid}; {@code args} in its parameter order. */
    void launch(String file, String name, Grid grid, Object... args) {
        runtime.launch(runtime.kernel(file, name), grid, args);
    }

    /** A grid of one block of {@link Grid#BLOCK} threads per row (the kernels loop over further rows). */
    static Grid rows(long rows) {
        return Grid.rows((int) Math.min(rows, 1 << 20), Grid.BLOCK, 0);
    }

    /**
     * The layout of {@code operands} (each broadcast to {@code shape}) walking {@code shape} in
     * row-major order, with dims merged where every operand allows it.
     */
    long layout(int[] shape, NDArray... operands) {
        int[][] strides = new int[operands.length][];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].broadcastTo(shape).stridesRef();
        }
        return layout(true, shape, strides);
    }

    /**
     * The layout of operands with the given {@code strides} walking {@code shape}; with
     * {@code merge}, size-1 dims are dropped and adjacent dims merged where every operand allows
     * (kernels that address one dim by number pass {@code false}).
     */
    long layout(boolean merge, int[] shape, int[]... strides) {
        long[] sizes = Arrays.stream(shape).asLongStream().toArray();
        long[][] st = new long[strides.length][];
        for (int k = 0; k < strides.length; k++) {
            st[k] = Arrays.stream(strides[k]).asLongStream().toArray();
        }
        int rank = merge ? merge(sizes, st) : sizes.length;
        if (rank > MAX_DIMS) {
            throw new CudaException(runtime.device() + ": a view of shape " + Shape.str(shape)
                    + " has more than " + MAX_DIMS + " dims that cannot be merged");
        }
        long[] meta = new long[LAYOUT_LONGS];
        meta[0] = rank;
        for (int d = 0; d < rank; d++) {
            meta[1 + d] = sizes[d];
            for (int k = 0; k < st.length; k++) {
                meta[1 + MAX_DIMS * (k + 1) + d] = st[k][d];
            }
        }
        return upload(meta);
    }

    /**
     * Merges dims in place: drops size-1 dims, then joins dim {@code d} into {@code d + 1} where
     * every operand has {@code stride[d] == stride[d + 1] * size[d + 1]}. Returns the new rank.
     */
    private static int merge(long[] sizes, long[][] strides) {
        int rank = 0;
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] == 1) {
                continue;
            }
            boolean joins = rank > 0;
            for (int k = 0; joins && k < strides.length; k++) {
                joins = strides[k][rank - 1] == strides[k][d] * sizes[d];
            }
            if (joins) {
                sizes[rank - 1] *= sizes[d];
                for (long[] s : strides) {
                    s[rank - 1] = s[d];
                }
            } else {
                sizes[rank] = sizes[d];
                for (long[] s : strides) {
                    s[rank] = s[d];
                }
                rank++;
            }
        }
        return rank;
    }

    private long upload(long[] meta) {
        LayoutKey key = new LayoutKey(meta);
        synchronized (layouts) {
            CudaStorage s = layouts.get(key);
            if (s == null) {
                s = new CudaStorage(runtime, DType.INT64, meta.length);
                try (Arena arena = Arena.ofConfined()) {
                    runtime.upload(arena.allocateFrom(ValueLayout.JAVA_LONG, meta), s.address());
                }
                layouts.put(key, s);
            }
            return s.address();
        }
    }

    /** A layout's content as a map key. */
    private record LayoutKey(long[] meta) {
        @Override
        public boolean equals(Object o) {
            return o instanceof LayoutKey k && Arrays.equals(meta, k.meta);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(meta);
        }
    }
}
