package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.testing.backend.TestDevice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workloads on a device that is not the host ({@code test:0}, whose memory the host cannot
 * read): everything they compute lives on the default backend, as {@code nabla bench --device cuda}
 * needs.
 */
class DeviceWorkloadsTest {
    private Backend saved;

    @BeforeEach
    void onTheTestDevice() {
        saved = Backends.getDefault();
        Backends.setDefault(TestDevice.get());
    }

    @AfterEach
    void restore() {
        Backends.setDefault(saved);
    }

    @Test
    void gemmOnTheDeviceTimesMatmul() {
        double gflops = W5.measureOnDevice(32, 3, 1e6);
        assertTrue(gflops > 0 && Double.isFinite(gflops), "gflops " + gflops);
    }

    @Test
    void anMlpTrainsOnTheDevice() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setProperty("nabla.bench.warmup", "2");
        try {
            Workloads.byName("W1").orElseThrow().runner().run(1, 1, 0, 5, out);
        } finally {
            System.clearProperty("nabla.bench.warmup");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("bench workload=W1 .*test_mse=[0-9.]+ .*device=test:0\n"), text);
    }
}
