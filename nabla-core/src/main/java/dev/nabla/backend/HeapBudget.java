package dev.nabla.backend;

import java.util.Locale;

/**
 * Refuses, with the figures, what cannot fit in the Java heap: an {@link OutOfMemoryError}
 * would say neither how much was needed nor what to do. The host backends allocate their arrays
 * (tensors, op results) through {@link #floats} and {@link Storage#allocate}, which take them from
 * the thread's {@link ArrayPool} when it holds one; loaders check a whole file's needs with
 * {@link #require} before reading it.
 */
public final class HeapBudget {
    /** Arrays below this size are allocated without a check (one would cost more than it saves). */
    private static final long CHECKED_BYTES = 1L << 24;

    private HeapBudget() {
    }

    /**
     * Throws an {@link InsufficientMemoryException} naming {@code what} if {@code bytes} exceed the
     * heap's maximum size ({@code -Xmx}).
     */
    public static void require(long bytes, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new InsufficientMemoryException(what + " needs about " + size(bytes) + " of memory, more than the "
                    + size(max) + " Java heap; " + advice(bytes));
        }
    }

    /** A new {@code float[n]}, or an {@link InsufficientMemoryException} naming its size when the heap cannot hold it. */
    public static float[] floats(long n) {
        return (float[]) allocate(DType.FLOAT32, n, true);
    }

    /**
     * A {@code float[n]} whose contents are unspecified (PyTorch's {@code empty}): a recycled
     * array is not cleared. Only for results the caller writes in full before reading.
     */
    public static float[] emptyFloats(long n) {
        return (float[]) allocate(DType.FLOAT32, n, false);
    }

    /** A zeroed {@code long[n]} (INT64 results: indices of maxima, sort orders). */
    public static long[] longs(long n) {
        return (long[]) allocate(DType.INT64, n, true);
    }

    /** A cleared {@code boolean[n]} (BOOL results: comparisons, masks). */
    public static boolean[] bools(long n) {
        return (boolean[]) allocate(DType.BOOL, n, true);
    }

    /**
     * A new zeroed array of {@code n} elements of {@code dtype} ({@code float[]}, {@code double[]},
     * {@code long[]} or {@code boolean[]}); an {@link InsufficientMemoryException} instead of an
     * {@link OutOfMemoryError} when the heap cannot hold it.
     */
    static Object allocate(DType dtype, long n) {
        return allocate(dtype, n, true);
    }

    private static Object allocate(DType dtype, long n, boolean zeroed) {
        Object planned = BackendGraph.allocate(dtype, n, zeroed);
        if (planned != null) {
            return planned;
        }
        Object a = unnoted(dtype, n, zeroed);
        ArrayPool.allocated(a, (int) n);
        return a;
    }

    /** A pooled or fresh array, not noted by the pool's recording (a {@link BackendGraph} keeps it). */
    static Object unnoted(DType dtype, long n, boolean zeroed) {
        Object pooled = n <= Integer.MAX_VALUE ? ArrayPool.take(dtype, (int) n, zeroed) : null;
        return pooled != null ? pooled : fresh(dtype, n);
    }

    private static Object fresh(DType dtype, long n) {
        long bytes = n * dtype.bytes();
        if (bytes < CHECKED_BYTES) {
            return newArray(dtype, (int) n);
        }
        String what = "a " + dtype.shortName() + " tensor of " + n + " elements";
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": more than 2^31-1 elements");
        }
        require(bytes, what);
        try {
            return newArray(dtype, (int) n);
        } catch (OutOfMemoryError e) { // the JVM has collected before giving up: the live tensors fill the heap
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            throw new InsufficientMemoryException(what + " needs " + size(bytes) + ", but " + size(used) + " of the "
                    + size(rt.maxMemory()) + " Java heap is in use; " + advice(bytes + used));
        }
    }

    private static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
    }

    /** A byte count for people: {@code 512 MiB}, {@code 3.9 GiB}. */
    public static String size(long bytes) {
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static String advice(long bytes) {
        return "give Java more (e.g. JAVA_TOOL_OPTIONS=-Xmx" + (bytes * 3 / 2 + (1L << 30) - 1) / (1L << 30)
                + "g) or use smaller batches";
    }

    /** Thrown when an allocation is refused because it cannot fit in the heap. */
    public static final class InsufficientMemoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InsufficientMemoryException(String message) {
            super(message);
        }
    }
}
