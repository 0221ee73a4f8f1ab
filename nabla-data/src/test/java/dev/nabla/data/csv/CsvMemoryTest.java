package dev.nabla.data.csv;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.backend.DType;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV is read into compact float32 columns while it streams: a child JVM whose heap is three
 * times the float32 data (plus a small constant for the JVM's own objects) reads it.
 */
class CsvMemoryTest {
    static final int ROWS = 200_000;
    static final int COLUMNS = 10;

    @TempDir
    Path tmp;

    /** Reads {@code args[0]} as float32 with target {@code c9} and prints the shapes. */
    public static void main(String[] args) {
        CsvData d = new CsvReader().target("c9").dtype(DType.FLOAT32).read(Path.of(args[0]));
        System.out.println("read " + d.features().size(0) + "x" + d.features().size(1));
    }

    @Test
    void readsWithAHeapOfThreeTimesTheFloat32Data() throws Exception {
        Path csv = tmp.resolve("big.csv");
        Random r = new Random(1);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (int j = 0; j < COLUMNS; j++) {
                w.write(j == 0 ? "c0" : ",c" + j);
            }
            w.newLine();
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLUMNS; j++) {
                    if (j > 0) {
                        w.write(',');
                    }
                    w.write(Integer.toString(r.nextInt(2_000_000) - 1_000_000));
                    w.write(".375");
                }
                w.newLine();
            }
        }
        long floatBytes = 4L * ROWS * COLUMNS; // 8 MB
        long heap = 3 * floatBytes + (8L << 20);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx" + heap / 1024 + "k", "-XX:+UseSerialGC",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CsvMemoryTest.class.getName(), csv.toString())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("read " + ROWS + "x" + (COLUMNS - 1)), output);
    }
}
