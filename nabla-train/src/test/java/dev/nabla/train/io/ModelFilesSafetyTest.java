package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving never loses a model or a user's file; loading refuses what it should not read. */
class ModelFilesSafetyTest {
    @TempDir
    Path tmp;

    private static Module net(int seed) {
        return new Sequential(new Linear(3, 4, true, new Generator(seed)), new ReLU(), new Linear(4, 1, true, new Generator(seed + 1)));
    }

    private static Path weightsFile(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("weights-")).findFirst().orElseThrow();
        }
    }

    /** Two savers into one directory: after every round the directory holds a complete, loadable model. */
    @Test
    void concurrentSavesNeverLeaveModelJsonWithoutItsWeights() throws Exception {
        Path dir = tmp.resolve("m");
        List<Module> nets = List.of(net(1), net(5));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> saves = new ArrayList<>();
                for (Module m : nets) {
                    saves.add(pool.submit(() -> {
                        start.await();
                        ModelFiles.save(m, dir);
                        return null;
                    }));
                }
                for (Future<?> f : saves) {
                    f.get();
                }
                assertNotNull(ModelFiles.load(dir), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesADirectoryHoldingOtherFilesAndDeletesNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Path own = Files.writeString(dir.resolve("embeddings.safetensors"), "the user's own");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.save(net(1), dir));
        assertTrue(e.getMessage().contains("embeddings.safetensors"), e.getMessage());
        assertEquals("the user's own", Files.readString(own));
        assertFalse(Files.exists(dir.resolve("model.json")));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(net(1), Path.of("")));
    }

    @Test
    void resavingDeletesOnlyThePreviousWeightsAndStaleTemporaries() throws Exception {
        Path dir = tmp.resolve("m");
        ModelFiles.save(net(1), dir);
        Path first = weightsFile(dir);
        Path staleWeights = Files.write(dir.resolve(".weights-0123456789abcdef.safetensors.3fa2b1.tmp"), new byte[1000]);
        Path staleJson = Files.write(dir.resolve(".model.json.77aa.tmp"), new byte[10]);
        ModelFiles.save(net(5), dir);
        assertFalse(Files.exists(first));
        assertFalse(Files.exists(staleWeights), "a killed save's temporary is removed");
        assertFalse(Files.exists(staleJson));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(".nabla.lock", "model.json", weightsFile(dir).getFileName().toString()),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusesWeightsLinkedFromOutsideTheDirectory() throws Exception {
        Path dir = tmp.resolve("m");
        ModelFiles.save(net(1), dir);
        Path w = weightsFile(dir);
        Path outside = Files.copy(w, tmp.resolve("elsewhere.safetensors"));
        Files.delete(w);
        Files.createSymbolicLink(w, outside);
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("outside the model directory"), e.getMessage());
    }

    @Test
    void checksTheWeightsSizeBeforeReadingThem() throws Exception {
        Path dir = tmp.resolve("m");
        ModelFiles.save(net(1), dir);
        Path w = weightsFile(dir);
        try (RandomAccessFile f = new RandomAccessFile(w.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that take no disk space
        }
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("3221225472 bytes where model.json records"), e.getMessage());
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replaceAll(",\\s*\"bytes\": *[0-9]+", ""));
        e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("far more than the model's"), e.getMessage());
    }

    @Test
    void damagedArchitectureIsReportedWithoutJavasText() throws Exception {
        Path dir = tmp.resolve("m");
        ModelFiles.save(net(1), dir);
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"in_features\"", "\"in_featurez\""));
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("config lacks \"in_features\""), e.getMessage());
    }

    @Test
    void batchNormWithANegativeEpsIsRefused() throws Exception {
        Path dir = tmp.resolve("bn");
        ModelFiles.save(new Sequential(new Linear(3, 2), new dev.nabla.nn.layers.BatchNorm1d(2)), dir);
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"eps\": *[0-9.eE-]+", "\"eps\": -1"));
        FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        Tensor.manualSeed(0);
    }
}
