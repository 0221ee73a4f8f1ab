package dev.nabla.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded closed-loop load test: {@code clients} threads, each with its own
 * {@code java.net.http} client, POST the same body to one URL back to back for {@code duration}
 * and record each latency. Meant for the loopback address of a server this process or machine
 * runs.
 */
public final class LoadGenerator {

    /** What a run measured; latencies in milliseconds. */
    public record Result(long requests, long errors, double seconds, double p50Ms, double p99Ms) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private LoadGenerator() {
    }

    public static Result run(URI url, String body, int clients, Duration duration) throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        long[][] perClient = new long[clients][];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            int index = c;
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                long[] lat = new long[1024];
                int n = 0;
                try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                    HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            errors.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, 2 * n);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                }
                perClient[index] = Arrays.copyOf(lat, n);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, errors.get(), seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
