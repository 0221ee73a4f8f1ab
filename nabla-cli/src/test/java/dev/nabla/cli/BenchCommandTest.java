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
}
