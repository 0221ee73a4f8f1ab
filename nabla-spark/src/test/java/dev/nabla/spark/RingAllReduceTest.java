package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RingAllReduceTest {

    /** Runs {@code body} as {@code p} connected workers on loopback threads (TCP links); returns each worker's result. */
    static <T> List<T> onRing(int p, Duration timeout, RingBody<T> body) throws Exception {
        return onRing(p, timeout, "tcp", body);
    }

    /**
     * As {@link #onRing(int, Duration, RingBody)}, the workers allowing in-process links by
     * {@code links}: "tcp" none, "memory" all, "mixed" the even ranks (a link between two of them
     * goes through memory, the others over TCP).
     */
    static <T> List<T> onRing(int p, Duration timeout, String links, RingBody<T> body) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            ServerSocket s = RingAllReduce.listen("127.0.0.1");
            servers.add(s);
            addresses.add(RingAllReduce.address(s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(p);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < p; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    boolean inProcess = links.equals("memory") || links.equals("mixed") && rank % 2 == 0;
                    try (RingAllReduce ring = RingAllReduce.connect(servers.get(rank), rank, addresses, timeout,
                            inProcess)) {
                        return body.run(ring);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    interface RingBody<T> {
        T run(RingAllReduce ring) throws Exception;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "memory", "mixed"})
    void sumsOddLengthsOnEveryRingSizeBitIdenticallyEverywhere(String links) throws Exception {
        for (int p : new int[] {1, 2, 3, 5}) {
            for (int n : new int[] {1, 3, 1001}) {
                float[][] inputs = new float[p][n];
                Random random = new Random(p * 100 + n);
                double[] expected = new double[n];
                for (int r = 0; r < p; r++) {
                    for (int i = 0; i < n; i++) {
                        inputs[r][i] = (float) random.nextGaussian();
                        expected[i] += inputs[r][i];
                    }
                }
                List<float[]> results = onRing(p, Duration.ofSeconds(20), links, ring -> {
                    float[] data = inputs[ring.rank()].clone();
                    ring.sum(data);
                    ring.sum(new float[] {1});                // a second call on the same ring
                    return data;
                });
                for (int r = 1; r < p; r++) {
                    assertArrayEquals(results.get(0), results.get(r), "p=" + p + " n=" + n + " rank " + r);
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], results.get(0)[i], 1e-5, "p=" + p + " n=" + n + " element " + i);
                }
            }
        }
    }

    @Test
    void aMessageLargerThanTheSocketBuffersIsSentAndReceivedAtOnce() throws Exception {
        int n = 16_000_001;     // chunks of 32 MB, more than both socket buffers hold: writes wait for reads
        List<float[]> results = onRing(2, Duration.ofSeconds(20), ring -> {
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = ring.rank() + i % 7;
            }
            ring.sum(data);
            return data;
        });
        assertArrayEquals(results.get(0), results.get(1));
        for (int i = 0; i < n; i += 2_999_999) {
            assertEquals(1 + 2 * (i % 7), results.get(0)[i], "element " + i);
        }
        assertEquals(1 + 2 * ((n - 1) % 7), results.get(0)[n - 1]);
    }

    @Test
    void neighboursInThisJvmAreLinkedThroughMemoryWhenBothAllowIt() throws Exception {
        // ranks 0, 2 and 4 allow it: of the links r -> r+1, only 4 -> 0 joins two of them
        List<Boolean> viaMemory = onRing(5, Duration.ofSeconds(20), "mixed", RingAllReduce::sendsThroughMemory);
        assertEquals(List.of(false, false, false, false, true), viaMemory);
        assertEquals(List.of(true, true), onRing(2, Duration.ofSeconds(20), "memory", RingAllReduce::sendsThroughMemory));
        assertEquals(List.of(false, false), onRing(2, Duration.ofSeconds(20), "tcp", RingAllReduce::sendsThroughMemory));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "memory"})
    void aPeerThatLeavesIsAnErrorNamingIt(String links) {
        Exception e = assertThrows(Exception.class, () -> onRing(2, Duration.ofSeconds(20), links, ring -> {
            if (ring.rank() == 1) {
                return null;                                   // closes its sockets without taking part
            }
            ring.sum(new float[100]);
            return null;
        }));
        String message = e.getCause().getMessage();
        assertTrue(message.startsWith("all-reduce: worker ") && message.contains("worker 1"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "memory"})
    void aSilentPeerTimesOut(String links) {
        Exception e = assertThrows(Exception.class, () -> onRing(2, Duration.ofMillis(300), links, ring -> {
            if (ring.rank() == 1) {
                Thread.sleep(3000);
                return null;
            }
            ring.sum(new float[10]);
            return null;
        }));
        assertTrue(e.getCause() instanceof IOException, e.toString());
        assertTrue(e.getCause().getMessage().contains("heard nothing from worker 1 for 300 ms"), e.getCause().getMessage());
    }

    @Test
    void aRankOutsideTheRingIsRefused() throws IOException {
        try (ServerSocket s = RingAllReduce.listen("127.0.0.1")) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> RingAllReduce.connect(s, 2, List.of("a:1", "b:2"), Duration.ofSeconds(1)));
            assertEquals("all-reduce: rank 2 outside 0..1", e.getMessage());
        }
    }
}
