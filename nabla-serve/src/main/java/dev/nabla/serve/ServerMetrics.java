package dev.nabla.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The server's Prometheus metrics: {@code nabla_requests_total{model, code}},
 * {@code nabla_request_errors_total{model}} (4xx and 5xx answers),
 * {@code nabla_request_duration_seconds{model}} (histogram, receipt to answer) and
 * {@code nabla_batch_size{model}} (histogram of the rows in each forward pass).
 */
final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("nabla_requests_total")
            .help("Inference requests answered, by model and HTTP status").labelNames("model", "code").register(registry);
    private final Counter errors = Counter.builder().name("nabla_request_errors_total")
            .help("Inference requests answered with an error status").labelNames("model").register(registry);
    private final Histogram latency = Histogram.builder().name("nabla_request_duration_seconds")
            .help("Inference request latency, receipt to answer").labelNames("model")
            .classicOnly().classicUpperBounds(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5)
            .register(registry);
    private final Histogram batchSize = Histogram.builder().name("nabla_batch_size")
            .help("Rows per forward pass after dynamic batching").labelNames("model")
            .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);

    void request(String model, int status, long nanos) {
        requests.labelValues(model, Integer.toString(status)).inc();
        if (status >= 400) {
            errors.labelValues(model).inc();
        }
        latency.labelValues(model).observe(nanos / 1e9);
    }

    void batch(String model, int rows) {
        batchSize.labelValues(model).observe(rows);
    }

    /** The Prometheus text exposition of every metric. */
    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toByteArray();
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
