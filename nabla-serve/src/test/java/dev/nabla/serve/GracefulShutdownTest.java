package dev.nabla.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stopping the server (close, or SIGTERM to its process) answers the requests in flight first. */
class GracefulShutdownTest {
    static final String BODY = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[1,2]}]}";

    /** A model that takes {@code millis} per forward pass, calling {@code onStart} as each begins. */
    static final class Slow extends Module {
        private final Linear linear = registerModule("linear", new Linear(2, 1, true, new Generator(1)));
        private final long millis;
        private final Runnable onStart;

        Slow(long millis, Runnable onStart) {
            this.millis = millis;
            this.onStart = onStart;
        }

        @Override
        public Tensor forward(Tensor input) {
            onStart.run();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return linear.forward(input);
        }
    }

    static CompletableFuture<HttpResponse<String>> infer(HttpClient http, int port) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/slow/infer"))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void closeFinishesRequestsInFlightThenRefusesConnections() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ModelServer server = ModelServer.startModules(Map.of("slow", new Slow(800, () -> { })),
                ModelServer.Options.defaults().withPort(0));
        int port = server.port();
        assertEquals(200, infer(http, port).get().statusCode()); // warm: the requests below reach the server at once
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(infer(http, port));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.requestsInFlight() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(3, server.requestsInFlight(), "requests received before close");
        server.close();
        for (var f : inFlight) {
            HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"outputs\""), r.body());
        }
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> infer(HttpClient.newHttpClient(), port).get());
        assertTrue(e.getCause() instanceof ConnectException, e.toString());
    }

    /** A server process for the SIGTERM test: serves {@link Slow}, prints its port and each forward pass. */
    public static void main(String[] args) throws Exception {
        ModelServer.Options o = new ModelServer.Options("127.0.0.1", 0, 8, 1000, 1 << 20, 10_000, true);
        ModelServer server = ModelServer.startModules(Map.of("slow", new Slow(1000, () -> {
            System.out.println("forward");
            System.out.flush();
        })), o);
        System.out.println("port=" + server.port());
        System.out.flush();
        server.join();
    }

    @Test
    @Timeout(120)
    void sigtermFinishesRequestsInFlight() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), GracefulShutdownTest.class.getName())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line = awaitLine(out, "port=");
            int port = Integer.parseInt(line.substring(5));
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, infer(http, port).get(15, TimeUnit.SECONDS).statusCode());
            awaitLine(out, "forward"); // the warm-up's
            CompletableFuture<HttpResponse<String>> inFlight = infer(http, port);
            awaitLine(out, "forward"); // the request is being answered
            p.destroy(); // SIGTERM
            HttpResponse<String> r = inFlight.get(15, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the server did not exit after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Reads the server's output up to the first line starting with {@code prefix} (JVM warnings may come first). */
    private static String awaitLine(BufferedReader out, String prefix) throws java.io.IOException {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(prefix)) {
            // skip
        }
        assertTrue(line != null, "the server process printed no '" + prefix + "' line");
        return line;
    }
}
