package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.io.FormatException;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.Parameter;
import dev.nabla.optim.Adadelta;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Adamax;
import dev.nabla.optim.LBFGS;
import dev.nabla.optim.NAdam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RAdam;
import dev.nabla.optim.schedule.CosineAnnealingWarmRestarts;
import dev.nabla.optim.schedule.CyclicLR;
import dev.nabla.optim.schedule.LRScheduler;
import dev.nabla.optim.schedule.PolynomialLR;
import dev.nabla.optim.schedule.ReduceLROnPlateau;
import dev.nabla.optim.schedule.StepLR;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.callbacks.LearningRateScheduler;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path tmp;

    static final Tensor X = Tensor.randn(new Generator(11), 64, 4);
    static final Tensor Y = X.sum(1, true).mul(0.5);

    /** Dropout on the default generator and one with its own generator, a schedule, shuffling, validation. */
    private Model model(long initSeed) {
        Generator g = new Generator(initSeed);
        Module net = new Sequential(new Linear(4, 16, true, g), new ReLU(), new Dropout(0.2),
                new Linear(16, 16, true, g), new ReLU(), new Dropout(0.3, new Generator(initSeed + 100)),
                new Linear(16, 1, true, g));
        Adam adam = new Adam(net.parameters(), 0.01);
        return new Model(net).compile(adam, new MSELoss());
    }

    private FitOptions options(Model m, int epochs) {
        return new FitOptions().epochs(epochs).batchSize(8).seed(3).validationSplit(0.25).verbose(0)
                .callbacks(new LearningRateScheduler(new StepLR(m.optimizer(), 2, 0.5), true));
    }

    private static Map<String, float[]> weights(Model m) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        m.module().stateDict().forEach((k, v) -> out.put(k, v.contiguous().toFloatArray()));
        return out;
    }

    private static void assertSameWeights(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
    }

    @Test
    void resumedRunIsBitIdenticalToUninterruptedRun() throws Exception {
        Tensor.manualSeed(7);
        Model full = model(1);
        History fullHistory = full.fit(X, Y, options(full, 5));
        Map<String, float[]> expected = weights(full);

        Tensor.manualSeed(7);
        Model first = model(1);
        Path dir = tmp.resolve("ckpt");
        first.fit(X, Y, options(first, 2).checkpointEvery(dir, 1, 2).checkpointBest("val_loss"));
        assertTrue(Files.exists(dir.resolve("epoch-0002.ckpt.safetensors")));
        assertTrue(Files.exists(dir.resolve("best.ckpt.safetensors")));

        Tensor.manualSeed(12345); // a different process state: everything must come from the checkpoint
        Model resumed = model(99);
        History h = resumed.fit(X, Y, options(resumed, 5).resumeFrom(dir.resolve("epoch-0002.ckpt.safetensors")));
        assertSameWeights(expected, weights(resumed));
        assertEquals(fullHistory.asMap(), h.asMap());

        // sanity: without restoring, the result differs (the test can fail)
        Tensor.manualSeed(12345);
        Model other = model(1);
        other.fit(X, Y, options(other, 3));
        assertNotEquals(expected.get("0.weight")[0], weights(other).get("0.weight")[0]);
    }

    /** The newer optimizers and schedules: their state goes through a checkpoint too. */
    static Stream<Arguments> optimizersAndSchedules() {
        return Stream.of(
                Arguments.of("Adamax + CyclicLR", (Function<List<Parameter>, Optimizer>) p -> new Adamax(p, 0.01),
                        (Function<Optimizer, LRScheduler>) o -> new CyclicLR(o, 0.001, 0.01, 3)),
                Arguments.of("NAdam + warm restarts", (Function<List<Parameter>, Optimizer>) p -> new NAdam(p, 0.01),
                        (Function<Optimizer, LRScheduler>) o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0.001)),
                Arguments.of("RAdam + PolynomialLR", (Function<List<Parameter>, Optimizer>) p -> new RAdam(p, 0.01),
                        (Function<Optimizer, LRScheduler>) o -> new PolynomialLR(o, 30, 2)),
                Arguments.of("Adadelta + CyclicLR", (Function<List<Parameter>, Optimizer>) p -> new Adadelta(p, 1),
                        (Function<Optimizer, LRScheduler>) o -> new CyclicLR(o, 0.5, 1, 4)),
                Arguments.of("LBFGS + warm restarts", (Function<List<Parameter>, Optimizer>)
                        p -> new LBFGS(p, 0.5).maxIter(3).historySize(4).lineSearchFn("strong_wolfe"),
                        (Function<Optimizer, LRScheduler>) o -> new CosineAnnealingWarmRestarts(o, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizersAndSchedules")
    void resumedRunIsBitIdenticalWithEachOptimizer(String name, Function<List<Parameter>, Optimizer> optimizer,
            Function<Optimizer, LRScheduler> schedule) throws Exception {
        java.util.function.LongFunction<Model> make = seed -> {
            Generator g = new Generator(seed);
            Module net = new Sequential(new Linear(4, 16, true, g), new ReLU(), new Dropout(0.2), new Linear(16, 1, true, g));
            return new Model(net).compile(optimizer.apply(net.parameters()), new MSELoss());
        };
        java.util.function.BiFunction<Model, Integer, FitOptions> opts = (m, epochs) -> new FitOptions().epochs(epochs)
                .batchSize(8).seed(3).verbose(0)
                .callbacks(new LearningRateScheduler(schedule.apply(m.optimizer()), true));
        Tensor.manualSeed(7);
        Model full = make.apply(1);
        History fullHistory = full.fit(X, Y, opts.apply(full, 4));
        Tensor.manualSeed(7);
        Model first = make.apply(1);
        Path dir = tmp.resolve("each");
        first.fit(X, Y, opts.apply(first, 2).checkpointEvery(dir, 1, 1));
        Tensor.manualSeed(12345);
        Model resumed = make.apply(99);
        History h = resumed.fit(X, Y, opts.apply(resumed, 4).resumeFrom(dir.resolve("epoch-0002.ckpt.safetensors")));
        assertSameWeights(weights(full), weights(resumed));
        assertEquals(fullHistory.asMap(), h.asMap());
        List<Double> losses = fullHistory.asMap().get("loss");
        assertTrue(losses.get(3) < losses.get(0), name + " learns: " + losses);
    }

    @Test
    void keepsTheLastKAndTheBest() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("ck");
        m.fit(X, Y, options(m, 5).checkpointEvery(dir, 1, 2).checkpointBest("val_loss"));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("best.ckpt.safetensors", "epoch-0004.ckpt.safetensors", "epoch-0005.ckpt.safetensors"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void refusesACorruptOrForeignCheckpoint() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("ck");
        m.fit(X, Y, options(m, 1).checkpointEvery(dir, 1, 1));
        Path f = dir.resolve("epoch-0001.ckpt.safetensors");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
        Model n = model(2);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> n.fit(X, Y, options(n, 2).resumeFrom(f)));
        assertInstanceOf(FormatException.class, e.getCause());
        dev.nabla.io.Safetensors.save(Map.of("w", Tensor.zeros(2)), f);
        e = assertThrows(UncheckedIOException.class, () -> n.fit(X, Y, options(n, 2).resumeFrom(f)));
        assertTrue(e.getMessage().contains("not a Nabla checkpoint"), e.getMessage());
    }

    /** One flipped bit in a weight (data, not header) is refused, not resumed with other weights. */
    @Test
    void aFlippedWeightByteIsRefusedByTheChecksum() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("ck");
        m.fit(X, Y, options(m, 1).checkpointEvery(dir, 1, 1));
        Path f = dir.resolve("epoch-0001.ckpt.safetensors");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 5] ^= 1;
        Files.write(f, b);
        Model n = model(2);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> n.fit(X, Y, options(n, 2).resumeFrom(f)));
        assertInstanceOf(FormatException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("does not match its checksum"), e.getCause().getMessage());
    }

    /** The temporaries of a run killed while writing a checkpoint are removed by the next run's first save. */
    @Test
    void staleTemporariesOfAKilledSaveAreRemoved() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ck"));
        Path stale = Files.write(dir.resolve(".epoch-0003.ckpt.safetensors.9c1d2e.tmp"), new byte[4096]);
        Path staleBest = Files.write(dir.resolve(".best.ckpt.safetensors.ab.tmp"), new byte[10]);
        Model m = model(1);
        m.fit(X, Y, options(m, 1).checkpointEvery(dir, 1, 1));
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleBest));
        assertTrue(Files.exists(dir.resolve("epoch-0001.ckpt.safetensors")));
    }

    /** Mutated checkpoints (header and state JSON) are refused with a FormatException, never anything else. */
    @Test
    void fuzzedCheckpointsOnlyFailWithFormatException() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("fz");
        m.fit(X, Y, options(m, 1).checkpointEvery(dir, 1, 1));
        Path f = dir.resolve("epoch-0001.ckpt.safetensors");
        byte[] good = Files.readAllBytes(f);
        int header = (int) java.nio.ByteBuffer.wrap(good, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong() + 8;
        java.util.Random r = new java.util.Random(3);
        Path g = dir.resolve("mutated.safetensors");
        for (int i = 0; i < 300; i++) {
            byte[] b = good.clone();
            int pos = 8 + r.nextInt(header - 8);
            b[pos] = (byte) "0123456789-.e\"{}[],:".charAt(r.nextInt(20));
            Files.write(g, b);
            Model n = model(2);
            try {
                n.fit(X, Y, options(n, 1).resumeFrom(g));
            } catch (UncheckedIOException e) {
                assertInstanceOf(FormatException.class, e.getCause(), e.toString());
            } catch (Throwable t) {
                throw new AssertionError("mutation " + i + " at " + pos + ": " + t, t);
            }
        }
    }

    private FitOptions plateauOptions(Model m, int epochs) {
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(m.optimizer(), ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0.3,
                true, 0, 0);
        return new FitOptions().epochs(epochs).batchSize(8).seed(3).validationSplit(0.25).verbose(0)
                .callbacks(new LearningRateScheduler(plateau, "val_loss"));
    }

    /** A plateau schedule's best value and counters are restored, not only the learning rate. */
    @Test
    void resumeWithAPlateauScheduleIsBitIdentical() throws Exception {
        Tensor.manualSeed(7);
        Model full = model(1);
        History fullHistory = full.fit(X, Y, plateauOptions(full, 8));
        Map<String, float[]> expected = weights(full);
        assertTrue(full.optimizer().paramGroups().get(0).lr() < 0.01, "the plateau schedule lowered the rate");

        Tensor.manualSeed(7);
        Model first = model(1);
        Path dir = tmp.resolve("plateau");
        first.fit(X, Y, plateauOptions(first, 4).checkpointEvery(dir, 1, 1));
        Model resumed = model(99); // epoch 5 does not improve on epoch 4 by 30%: only a restored best lowers the rate
        History h = resumed.fit(X, Y, plateauOptions(resumed, 8).resumeFrom(dir.resolve("epoch-0004.ckpt.safetensors")));
        assertSameWeights(expected, weights(resumed));
        assertEquals(fullHistory.asMap(), h.asMap());
    }

    @Test
    void checkpointWithADifferentScheduleIsRefused() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("sched");
        m.fit(X, Y, plateauOptions(m, 1).checkpointEvery(dir, 1, 1));
        Model n = model(2);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> n.fit(X, Y, options(n, 2).resumeFrom(dir.resolve("epoch-0001.ckpt.safetensors"))));
        assertInstanceOf(FormatException.class, e.getCause());
        assertTrue(e.getMessage().contains("schedules"), e.getMessage());
    }

    /** Another optimizer is refused before any weight is loaded: the model keeps its own. */
    @Test
    void checkpointOfAnotherOptimizerIsRefusedBeforeTheWeightsAreTouched() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("opt");
        m.fit(X, Y, options(m, 1).checkpointEvery(dir, 1, 1));
        Model n = model(2);
        n.compile(new dev.nabla.optim.SGD(n.module().parameters(), 0.01), new MSELoss());
        Map<String, float[]> before = weights(n);
        Path f = dir.resolve("epoch-0001.ckpt.safetensors");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> n.fit(X, Y, new FitOptions().epochs(2)
                .verbose(0).callbacks(new LearningRateScheduler(new StepLR(n.optimizer(), 2, 0.5), true)).resumeFrom(f)));
        assertInstanceOf(FormatException.class, e.getCause());
        assertTrue(e.getMessage().endsWith(f + ": the checkpoint was written with the Adam optimizer, this model is"
                + " compiled with SGD; resume with the same optimizer"), e.getMessage());
        assertSameWeights(before, weights(n));
    }

    /** After a resume, best.ckpt is only replaced by an epoch better than those before the interruption. */
    @Test
    void bestCheckpointSurvivesAResumeWithWorseEpochs() throws Exception {
        Model m = model(1);
        Path dir = tmp.resolve("best");
        m.fit(X, Y, options(m, 2).checkpointEvery(dir, 1, 5).checkpointBest("val_loss"));
        Path best = dir.resolve("best.ckpt.safetensors");
        byte[] before = Files.readAllBytes(best);
        Model n = model(2);
        Tensor worse = Y.mul(100); // far larger errors from here on
        n.fit(X, worse, options(n, 3).checkpointEvery(dir, 1, 5).checkpointBest("val_loss")
                .resumeFrom(dir.resolve("epoch-0002.ckpt.safetensors")));
        assertTrue(Files.exists(dir.resolve("epoch-0003.ckpt.safetensors")));
        assertArrayEquals(before, Files.readAllBytes(best));
    }

    /** A checkpoint write that fails half-way leaves the previous file byte for byte, and resumable. */
    @Test
    void failedCheckpointWriteLeavesThePreviousOneIntact() throws Exception {
        Tensor.manualSeed(7); // Dropout draws from the default generator: the run must not depend on earlier tests
        Model m = model(1);
        Path dir = tmp.resolve("fail");
        m.fit(X, Y, options(m, 1).checkpointEvery(dir, 1, 1).checkpointBest("loss"));
        Path best = dir.resolve("best.ckpt.safetensors");
        byte[] before = Files.readAllBytes(best);
        Checkpoint.writeHook = (file, out) -> file.getFileName().toString().startsWith("best")
                ? new FailingStream(out, before.length / 2) : out;
        try {
            Model n = model(2);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> n.fit(X, Y, options(n, 2).checkpointEvery(dir, 1, 1).checkpointBest("loss").resumeFrom(best)));
            assertTrue(e.getCause().getMessage().contains("disk full"), e.toString());
        } finally {
            Checkpoint.writeHook = (file, out) -> out;
        }
        assertArrayEquals(before, Files.readAllBytes(best));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("best.ckpt.safetensors", "epoch-0002.ckpt.safetensors"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
        Model again = model(3);
        assertEquals(2, again.fit(X, Y, options(again, 2).resumeFrom(best)).epochs());
    }

    /** Passes {@code limit} bytes through, then fails like a full disk. */
    private static final class FailingStream extends java.io.FilterOutputStream {
        private long left;

        FailingStream(java.io.OutputStream out, long limit) {
            super(out);
            left = limit;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            if (left-- <= 0) {
                throw new java.io.IOException("disk full");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
