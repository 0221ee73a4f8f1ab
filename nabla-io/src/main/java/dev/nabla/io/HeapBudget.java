package dev.nabla.io;

import java.util.Locale;

/**
 * Refuses, before allocating, what cannot fit in the Java heap, with the figure: an
 * {@link OutOfMemoryError} part-way through would say neither how much was needed nor what to do.
 */
public final class HeapBudget {
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
                    + size(max) + " Java heap; give Java more (e.g. JAVA_TOOL_OPTIONS=-Xmx" + suggestion(bytes) + ")");
        }
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

    private static String suggestion(long bytes) {
        return (bytes * 3 / 2 + (1L << 30) - 1) / (1L << 30) + "g";
    }

    /** Thrown when an allocation is refused because it cannot fit in the heap. */
    public static final class InsufficientMemoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InsufficientMemoryException(String message) {
            super(message);
        }
    }
}
