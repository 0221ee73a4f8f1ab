package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chunking, nesting and error propagation of {@link Parallel}. */
class ParallelTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Parallel.threads();
        Parallel.setThreads(4);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void everyIndexRunsExactlyOnceInFixedChunks() {
        for (int round = 0; round < 200; round++) {
            int n = 1 + round * 7;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            AtomicIntegerArray starts = new AtomicIntegerArray(n + 1);
            Parallel.forRange(n, 3, (from, to) -> {
                starts.incrementAndGet(from);
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            int t = Math.min(4, n / 3);
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i + " of " + n);
            }
            for (int c = 0; t > 1 && c < t; c++) {
                assertEquals(1, starts.get((int) ((long) n * c / t)), "chunk start " + c);
            }
        }
    }

    @Test
    void nestedCallsRunInline() {
        AtomicInteger sum = new AtomicInteger();
        Parallel.forRange(8, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                Parallel.forRange(10, 1, (f, t) -> sum.addAndGet(t - f));
            }
        });
        assertEquals(80, sum.get());
    }

    @Test
    void exceptionsReachTheCaller() {
        assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 1, (from, to) -> {
            if (from > 0) {
                throw new IllegalStateException("boom");
            }
        }));
        AtomicInteger after = new AtomicInteger();
        Parallel.forRange(100, 1, (from, to) -> after.addAndGet(to - from));
        assertEquals(100, after.get());
    }
}
