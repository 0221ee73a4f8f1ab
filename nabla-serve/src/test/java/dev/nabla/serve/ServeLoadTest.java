package dev.nabla.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounded load test: 8 concurrent clients for 20 s against 127.0.0.1, no errors. */
class ServeLoadTest {
    @Test
    void eightClientsForTwentySecondsWithoutErrors() throws Exception {
        String line = ServeBench.run(8, Duration.ofSeconds(20), ModelServer.Options.defaults());
        System.out.println(line);
        Map<String, String> kv = new java.util.HashMap<>();
        for (String part : line.split(" ")) {
            String[] p = part.split("=", 2);
            if (p.length == 2) {
                kv.put(p[0], p[1]);
            }
        }
        assertEquals("0", kv.get("errors"), line);
        assertTrue(Long.parseLong(kv.get("requests")) > 100, line);
        assertTrue(Double.parseDouble(kv.get("p99_ms")) >= Double.parseDouble(kv.get("p50_ms")), line);
    }
}
