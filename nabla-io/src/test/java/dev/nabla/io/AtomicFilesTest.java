package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    /** Passes bytes through until {@code limit} have been written, then fails like a full disk. */
    static final class FailingStream extends FilterOutputStream {
        private long left;

        FailingStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (n < len) {
                throw new IOException("No space left on device (simulated)");
            }
        }
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsAndReplacesFiles() throws Exception {
        Path target = dir.resolve("a.txt");
        AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
        assertEquals("one", Files.readString(target));
        AtomicFiles.write(target, out -> out.write("two, longer".getBytes(StandardCharsets.UTF_8)));
        assertEquals("two, longer", Files.readString(target));
        AtomicFiles.write(target, new byte[0]);
        assertEquals("", Files.readString(target));
        assertEquals(List.of("a.txt"), filesInDir());
    }

    @Test
    void aBodyThatClosesTheStreamStillGetsItsBytesSaved() throws Exception {
        Path target = dir.resolve("a.txt");
        AtomicFiles.write(target, out -> {
            out.write('x');
            out.close();
        });
        assertEquals("x", Files.readString(target));
    }

    @Test
    void safetensorsSaveFailingHalfwayLeavesThePreviousFileIntactAndLoadable() throws Exception {
        Path target = dir.resolve("model.safetensors");
        Random rnd = new Random(1);
        Map<String, Tensor> good = Map.of("w", TestTensors.random(DType.FLOAT32, rnd, 64, 64));
        Safetensors.save(good, Map.of("version", "1"), target);
        byte[] before = Files.readAllBytes(target);

        Map<String, Tensor> next = Map.of("w", TestTensors.random(DType.FLOAT32, rnd, 64, 64),
                "b", TestTensors.random(DType.FLOAT64, rnd, 64));
        long total = Safetensors.toBytes(next, Map.of()).length;
        for (long failAt : new long[] {0, 5, 100, total / 2, total - 1}) {
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target,
                    out -> Safetensors.write(next, Map.of(), new FailingStream(out, failAt))));
            assertEquals("No space left on device (simulated)", e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(target), "failing at byte " + failAt);
            TestTensors.assertSame(good, Safetensors.load(target));
            assertEquals(List.of("model.safetensors"), filesInDir(), "temporary file left after failing at " + failAt);
        }
    }

    @Test
    void anUncheckedFailureInTheBodyAlsoLeavesTheTargetUntouched() throws Exception {
        Path target = dir.resolve("a.safetensors");
        Safetensors.save(Map.of("x", Tensor.of(new float[] {1, 2, 3})), target);
        byte[] before = Files.readAllBytes(target);
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[1000]);
            throw new IllegalStateException("bug in the middle of a save");
        }));
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("a.safetensors"), filesInDir());
    }

    @Test
    void aFailedFirstWriteCreatesNothing() {
        Path target = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            throw new IOException("fail");
        }));
        assertFalse(Files.exists(target));
    }

    @Test
    void refusesMissingDirectoriesAndDirectoryTargets() throws Exception {
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(dir.resolve("no/such/dir/f"), new byte[1]));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(sub, new byte[1]));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertTrue(Files.isDirectory(sub));
        assertEquals(List.of("sub"), filesInDir());
    }
}
