package dev.nabla.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The CPU engine's one thread pool, sized to the cores (or the {@code nabla.threads} system
 * property). Work is split only above a size threshold, into contiguous chunks in a fixed order,
 * so results never depend on scheduling.
 */
public final class Parallel {

    /** A body that processes the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = Integer.getInteger("nabla.threads",
            Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = new ForkJoinPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false);

    private Parallel() {
    }

    /** Number of threads large work is split across. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads (at least 1; at most the pool's size is used at once). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code body} over {@code [0, n)}: inline when {@code n < 2 * grain} or one thread is
     * configured, else in up to {@link #threads()} contiguous chunks of at least {@code grain}.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = Math.min(threads, n / Math.max(grain, 1));
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[t - 1];
        for (int i = 1; i < t; i++) {
            int from = (int) ((long) n * i / t);
            int to = (int) ((long) n * (i + 1) / t);
            tasks[i - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / t));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }
}
