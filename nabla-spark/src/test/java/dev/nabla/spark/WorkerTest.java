package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Safetensors;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.optim.LBFGS;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.Sequential;
import dev.nabla.train.metrics.Accuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data-parallel training on loopback threads, without Spark: the maths, the replicas, the resume. */
class WorkerTest {
    static final SerializableSupplier<Model> MLP = () -> {
        Model m = new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 3));
        return m.compile(new Adam(m.parameters(), 1e-2), new CrossEntropyLoss(), Accuracy.categorical());
    };

    /** 96 rows of 6 features; the class is the argmax of a fixed linear map (learnable). */
    static Tensor[] data(int n) {
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, n, 6);
        Tensor w = Tensor.randn(g, 6, 3);
        return new Tensor[] {x, x.matmul(w).argmax(1, false)};
    }

    static byte[] initialWeights() {
        return Safetensors.toBytes(MLP.get().module().stateDict(), Map.of());
    }

    /** Runs {@code shards.length} workers as threads; returns their results by rank. */
    static List<Worker.Result> train(Tensor[][] shards, byte[] initial, SparkFitOptions options) throws Exception {
        return train(MLP, shards, initial, options);
    }

    /** As {@link #train(Tensor[][], byte[], SparkFitOptions)}, with the model made by {@code factory}. */
    static List<Worker.Result> train(SerializableSupplier<Model> factory, Tensor[][] shards, byte[] initial,
            SparkFitOptions options) throws Exception {
        int p = shards.length;
        String[] messages = new String[p];
        CyclicBarrier barrier = new CyclicBarrier(p);
        ExecutorService pool = Executors.newFixedThreadPool(p);
        try {
            List<Future<Worker.Result>> futures = new ArrayList<>();
            for (int r = 0; r < p; r++) {
                int rank = r;
                Rendezvous rendezvous = m -> {
                    messages[rank] = m;
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return messages.clone();
                };
                futures.add(pool.submit(() -> Worker.run(rank, rendezvous, "127.0.0.1", factory, initial,
                        shards[rank][0], shards[rank][1], options)));
            }
            List<Worker.Result> out = new ArrayList<>();
            for (Future<Worker.Result> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static Tensor[][] halves(Tensor[] d) {
        int n = d[0].size(0) / 2;
        return new Tensor[][] {
            {d[0].narrow(0, 0, n), d[1].narrow(0, 0, n)},
            {d[0].narrow(0, n, n), d[1].narrow(0, n, n)}};
    }

    /** All weights' elements, by parameter name. */
    static float[] flat(Map<String, Tensor> weights) {
        List<Float> all = new ArrayList<>();
        new java.util.TreeMap<>(weights).values().forEach(t -> {
            for (float v : t.toFloatArray()) {
                all.add(v);
            }
        });
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @ParameterizedTest(name = "in-process links {0}, compiled steps {1}")
    @CsvSource({"true, false", "false, false", "true, true"})
    void twoWorkersTrainAsOneProcessOnTheSameGlobalBatches(boolean inProcessLinks, boolean compiled) throws Exception {
        Tensor[] d = data(96);
        Tensor[][] shards = halves(d);
        byte[] initial = initialWeights();
        SparkFitOptions options = new SparkFitOptions().epochs(2).batchSize(32).shuffle(false).verifyReplicas(true)
                .inProcessLinks(inProcessLinks).compiled(compiled);
        List<Worker.Result> results = train(shards, initial, options);

        // one process, whose batch j is worker 0's 16 rows of step j followed by worker 1's
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> ys = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            for (Tensor[] s : shards) {
                xs.add(s[0].narrow(0, 16 * j, 16));
                ys.add(s[1].narrow(0, 16 * j, 16));
            }
        }
        Model single = MLP.get();
        single.module().loadStateDict(Safetensors.read(initial).tensors());
        History h = single.fit(Tensor.concat(xs, 0), Tensor.concat(ys, 0),
                new FitOptions().epochs(2).batchSize(32).shuffle(false).verbose(0));

        float[] distributed = flat(Safetensors.read(results.get(0).weights()).tensors());
        float[] local = flat(single.module().stateDict());
        assertEquals(local.length, distributed.length);
        for (int i = 0; i < local.length; i++) {
            assertEquals(local[i], distributed[i], 1e-5, "parameter element " + i);
        }
        for (int e = 0; e < 2; e++) {
            assertEquals(h.get("loss").get(e), results.get(0).history().get("loss").get(e), 1e-5, "loss of epoch " + e);
            assertEquals(h.get("accuracy").get(e), results.get(0).history().get("accuracy").get(e), 1e-6);
        }
        // the replicas were bit-identical after each of the 6 steps
        assertEquals(6, results.get(0).checksums().length);
        assertArrayEquals(results.get(0).checksums(), results.get(1).checksums());
    }

    @Test
    void lbfgsReevaluatesItsClosureOnEveryWorkerAsOneProcessWould() throws Exception {
        // LBFGS calls the closure several times a step: each call all-reduces, on every worker alike
        SerializableSupplier<Model> lbfgs = () -> {
            Model m = new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 3));
            return m.compile(new LBFGS(m.parameters(), 0.5).maxIter(4), new CrossEntropyLoss());
        };
        Tensor[] d = data(64);
        Tensor[][] shards = halves(d);
        byte[] initial = initialWeights();
        SparkFitOptions options = new SparkFitOptions().epochs(3).batchSize(64).shuffle(false).verifyReplicas(true);
        List<Worker.Result> results = train(lbfgs, shards, initial, options);

        Model single = lbfgs.get();
        single.module().loadStateDict(Safetensors.read(initial).tensors());
        History h = single.fit(d[0], d[1], new FitOptions().epochs(3).batchSize(64).shuffle(false).verbose(0));
        float[] distributed = flat(Safetensors.read(results.get(0).weights()).tensors());
        float[] local = flat(single.module().stateDict());
        for (int i = 0; i < local.length; i++) {
            assertEquals(local[i], distributed[i], 1e-4, "parameter element " + i);
        }
        List<Double> loss = results.get(0).history().get("loss");
        for (int e = 0; e < 3; e++) {
            assertEquals(h.get("loss").get(e), loss.get(e), 1e-4, "loss of epoch " + e);
        }
        assertTrue(loss.get(2) < 0.8 * loss.get(0), "LBFGS lowers the loss: " + loss);
        assertArrayEquals(results.get(0).checksums(), results.get(1).checksums());
    }

    @Test
    void unevenShardsAndAnOddBatchStillTrainInStep() throws Exception {
        Tensor[] d = data(100);
        Tensor[][] shards = {
            {d[0].narrow(0, 0, 70), d[1].narrow(0, 0, 70)},
            {d[0].narrow(0, 70, 30), d[1].narrow(0, 70, 30)}};
        SparkFitOptions options = new SparkFitOptions().epochs(3).batchSize(21).verifyReplicas(true);
        List<Worker.Result> results = train(shards, initialWeights(), options);
        assertEquals(3 * 7, results.get(0).checksums().length, "70 rows at 11 a step: 7 steps an epoch");
        assertArrayEquals(results.get(0).checksums(), results.get(1).checksums());
        List<Double> loss = results.get(0).history().get("loss");
        assertTrue(loss.get(2) < loss.get(0), "the loss falls: " + loss);
    }

    @Test
    void aRunThatFailsResumesFromItsLastCheckpointToTheSameWeights(@TempDir Path dir) throws Exception {
        Tensor[][] shards = halves(data(96));
        byte[] initial = initialWeights();
        SparkFitOptions plain = new SparkFitOptions().epochs(2).batchSize(32).seed(3);
        float[] uninterrupted = flat(Safetensors.read(train(shards, initial, plain).get(0).weights()).tensors());

        SparkFitOptions options = new SparkFitOptions().epochs(2).batchSize(32).seed(3)
                .checkpointEvery(dir.toString(), 2, 2).timeout(java.time.Duration.ofSeconds(10));
        Replica.afterStep = (rank, step) -> {
            if (rank == 1 && step == 5) {
                throw new IllegalStateException("injected failure at step 5");
            }
        };
        try {
            assertThrows(Exception.class, () -> train(shards, initial, options));
        } finally {
            Replica.afterStep = (rank, step) -> { };
        }
        assertTrue(Files.exists(dir.resolve("step-00000004.ckpt.safetensors")), "checkpoint of step 4 written");
        assertTrue(Files.notExists(dir.resolve("step-00000006.ckpt.safetensors")));

        List<Worker.Result> resumed = train(shards, initial, options);
        assertArrayEquals(uninterrupted, flat(Safetensors.read(resumed.get(0).weights()).tensors()),
                "resumed from step 4, training ends with the weights of a run that never stopped");
        assertEquals(2, resumed.get(0).history().get("loss").size());
        assertTrue(Files.exists(dir.resolve("step-00000006.ckpt.safetensors")), "the end of epoch 2 is checkpointed");
        assertTrue(Files.notExists(dir.resolve("step-00000002.ckpt.safetensors")), "only the last 2 are kept");
    }
}
