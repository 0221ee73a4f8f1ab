package dev.nabla.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU engine's one thread pool, sized to the cores (or the {@code nabla.threads} system
 * property). Work is split only above a size threshold, into contiguous chunks in a fixed order,
 * so results never depend on scheduling.
 *
 * <p>The workers are daemon threads that spin for a short while ({@code nabla.parallel.spinMicros},
 * default 200 µs) after each job before parking: waking a parked thread costs 20-100 µs on a
 * virtual machine, more than a whole 256 x 256 matrix product takes per core. A call made while
 * another is running (nested, or from a second thread) runs its chunks inline, in order, so it
 * can never deadlock and still splits the range the same way.
 */
public final class Parallel {

    /** A body that processes the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int MAX_WORKERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final long SPIN_NS = Long.getLong("nabla.parallel.spinMicros", 200) * 1000;
    private static final Worker[] WORKERS = new Worker[MAX_WORKERS];
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    private static volatile int threads = Math.max(1, Integer.getInteger("nabla.threads",
            Runtime.getRuntime().availableProcessors()));
    /** The job being run, or null; workers take chunks from it. */
    private static volatile Job job;
    private static int started;
    private static int generation;

    private Parallel() {
    }

    /** Number of threads large work is split across. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads (at least 1; at most the number of cores run at once). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code body} over {@code [0, n)}: inline when {@code n < 2 * grain} or one thread is
     * configured, else in {@code t = min(threads(), n / grain)} contiguous chunks
     * {@code [n*i/t, n*(i+1)/t)}, the caller taking part.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = Math.min(threads, n / Math.max(grain, 1));
        if (t <= 1) {
            body.run(0, n);
        } else {
            forChunks(n, t, body);
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in exactly {@code min(chunks, n)} contiguous chunks
     * {@code [n*i/t, n*(i+1)/t)}, handed out one at a time to up to {@link #threads()} threads
     * (the caller included). More chunks than threads balance the load when a core is slowed
     * by other work; the chunk boundaries, and so the results, do not depend on who runs them.
     */
    public static void forChunks(int n, int chunks, RangeBody body) {
        int t = Math.min(chunks, n);
        int helpers = Math.min(Math.min(threads, t) - 1, MAX_WORKERS);
        if (t <= 1 || helpers <= 0 || !BUSY.compareAndSet(false, true)) {
            // One thread, or nested/concurrent: the same chunks, inline and in order.
            for (int i = 0; i < t; i++) {
                body.run(bound(n, i, t), bound(n, i + 1, t));
            }
            return;
        }
        Job j;
        try {
            startWorkers(helpers);
            generation = generation == Integer.MAX_VALUE ? 1 : generation + 1;
            j = new Job(body, n, t, generation);
            job = j;
            for (int w = 0; w < helpers; w++) {
                WORKERS[w].wake();
            }
            j.work();
            long spinStart = System.nanoTime();
            while (j.pending.get() > 0) {
                if (System.nanoTime() - spinStart < SPIN_NS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            job = null;
            BUSY.set(false);
        }
        Throwable e = j.error;
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new RuntimeException(e);
        }
    }

    private static int bound(int n, int i, int t) {
        return (int) ((long) n * i / t);
    }

    /** Starts workers up to {@code count} (called only while BUSY is held). */
    private static void startWorkers(int count) {
        for (; started < count; started++) {
            Worker w = new Worker();
            Thread th = new Thread(w, "nabla-parallel-" + (started + 1));
            th.setDaemon(true);
            w.thread = th;
            WORKERS[started] = w;
            th.start();
        }
    }

    /** One split range; chunks are taken in any order, each by exactly one thread. */
    private static final class Job {
        final RangeBody body;
        final int n;
        final int chunks;
        final int gen;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        volatile Throwable error;

        Job(RangeBody body, int n, int chunks, int gen) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.gen = gen;
            this.pending = new AtomicInteger(chunks);
        }

        /** Runs chunks until none is left. */
        void work() {
            for (int i; (i = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run(bound(n, i, chunks), bound(n, i + 1, chunks));
                } catch (Throwable e) {
                    if (error == null) {
                        error = e;
                    }
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /** A worker: runs each new job's chunks, spins a while, then parks until woken. */
    private static final class Worker implements Runnable {
        volatile Thread thread;
        volatile boolean parked;

        void wake() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            int lastGen = 0;
            long idleSince = System.nanoTime();
            while (true) {
                Job j = job;
                if (j != null && j.gen != lastGen) {
                    lastGen = j.gen;
                    j.work();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    j = job;
                    if (j == null || j.gen == lastGen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
