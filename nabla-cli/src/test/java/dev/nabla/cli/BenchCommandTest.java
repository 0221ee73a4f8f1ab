package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void helpListsTheWorkloads() throws Exception {
        assertEquals(0, new BenchCommand().run(List.of("--help"), out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("W5 "));
    }

    @Test
    void unknownWorkloadsAndOptionsAreUsageErrors() {
        UsageException e = assertThrows(UsageException.class, () -> new BenchCommand().run(List.of("W9"), out));
        assertTrue(e.getMessage().startsWith("bench: unknown workload 'W9'"), e.getMessage());
        assertThrows(UsageException.class, () -> new BenchCommand().run(List.of("ops", "--fast"), out));
        assertThrows(UsageException.class, () -> new BenchCommand().run(List.of("ops", "--threads", "0"), out));
    }

    @Test
    void opsPrintsOneKeyValueLine() throws Exception {
        assertEquals(0, new BenchCommand().run(List.of("ops", "--threads", "1", "--runs", "1"), out));
        String text = bytes.toString(StandardCharsets.UTF_8).strip();
        assertTrue(text.matches("bench workload=add32x64 framework=nabla threads=1 median_ns=\\d+"), text);
    }

    @Test
    void trainingWorkloadsRunForTheGivenStepsAndReportQuality() throws Exception {
        System.setProperty("nabla.bench.warmup", "2");
        try {
            assertEquals(0, new BenchCommand().run(List.of("W1", "W3", "W4", "--threads", "1", "--runs", "1", "--steps", "3"), out));
        } finally {
            System.clearProperty("nabla.bench.warmup");
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("bench workload=W1 framework=nabla threads=1 steps=2 .*test_mse=[0-9.e+-]+ warmup_steps=2 .*"), lines[0]);
        for (int i = 1; i < 3; i++) {
            assertTrue(lines[i].matches("bench workload=W" + (i + 2) + " framework=nabla threads=1 steps=2 .*"
                    + "tokens_per_s=[0-9.e+]+ train_loss=[0-9.]+ val_loss=[0-9.]+ .*peak_rss_mb=\\d+ device=cpu"), lines[i]);
            // Three steps of AdamW already predict better than a uniform guess over 65 characters (ln 65 = 4.17).
            double val = Double.parseDouble(lines[i].replaceAll(".*val_loss=([0-9.]+).*", "$1"));
            assertTrue(val < 4.17, lines[i]);
        }
    }

    @Test
    void compiledStepsGiveTheEagerNumbers() throws Exception {
        System.setProperty("nabla.bench.warmup", "2");
        try {
            assertEquals(0, new BenchCommand().run(List.of("W4", "--threads", "1", "--runs", "1", "--steps", "3"), out));
            assertEquals(0, new BenchCommand().run(List.of("W4", "--threads", "1", "--runs", "1", "--steps", "3",
                    "--compiled"), out));
        } finally {
            System.clearProperty("nabla.bench.warmup");
            System.clearProperty("nabla.bench.compiled");
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains(" compiled=false ") && lines[1].contains(" compiled=true "), lines[1]);
        String quality = ".*( train_loss=[0-9.]+ val_loss=[0-9.]+ ).*";
        assertEquals(lines[0].replaceAll(quality, "$1"), lines[1].replaceAll(quality, "$1"));
    }
}
