package dev.nabla.serve;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The serving benchmark ({@code nabla bench serve}): an MLP 16-64-64-1 served on a free
 * loopback port, {@code clients} closed-loop clients each posting one-row requests for
 * {@code seconds}; one {@code bench workload=serve …} line with throughput and latency.
 */
public final class ServeBench {
    /** The served model's layer widths, as printed in the bench line. */
    static final String MODEL = "mlp-16-64-64-1";

    private ServeBench() {
    }

    /** Runs the benchmark; returns its result line. */
    public static String run(int clients, Duration duration, ModelServer.Options options) throws Exception {
        Generator g = new Generator(0);
        Module mlp = new Sequential(new Linear(16, 64, true, g), new ReLU(), new Linear(64, 64, true, g), new ReLU(),
                new Linear(64, 1, true, g));
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            row.append(i == 0 ? "" : ",").append(i / 16.0);
        }
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,16],\"datatype\":\"FP32\",\"data\":[" + row + "]}]}";
        LoadGenerator.Result r;
        try (ModelServer server = ModelServer.startModules(Map.of("mlp", mlp), options.withPort(0))) {
            URI url = URI.create("http://" + options.host() + ":" + server.port() + "/v2/models/mlp/infer");
            LoadGenerator.run(url, body, clients, Duration.ofSeconds(1)); // warm-up
            r = LoadGenerator.run(url, body, clients, duration);
        }
        return String.format(Locale.ROOT, "bench workload=serve framework=nabla model=%s clients=%d seconds=%.1f "
                        + "max_batch=%d max_wait_us=%d requests=%d errors=%d requests_per_s=%.1f p50_ms=%.3f p99_ms=%.3f",
                MODEL, clients, r.seconds(), options.maxBatch(), options.maxWaitMicros(), r.requests(), r.errors(),
                r.requestsPerSecond(), r.p50Ms(), r.p99Ms());
    }
}
