package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.Mnist;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.optim.LBFGS;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Model;
import dev.nabla.train.Sequential;
import dev.nabla.train.metrics.Accuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training in a Spark barrier stage on {@code local[2]}: W2 against one process, and a failed task. */
class SparkTrainerTest {
    static final int W2_EPOCHS = 2;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Rows of {@code features} (an array column) and {@code label}, in 2 partitions. */
    static Dataset<Row> frame(Tensor x, Tensor y) {
        int n = x.size(0);
        int f = x.size(1);
        float[] xs = x.toFloatArray();
        long[] ys = y.toLongArray();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Float[] v = new Float[f];
            for (int j = 0; j < f; j++) {
                v[j] = xs[i * f + j];
            }
            rows.add(RowFactory.create(v, ys[i]));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.LongType, false);
        return spark.createDataFrame(rows, schema).repartition(2).cache();
    }

    static final SerializableSupplier<Model> W2 = () -> {
        Model m = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10));
        return m.compile(new Adam(m.parameters(), 1e-3), new CrossEntropyLoss(), Accuracy.categorical());
    };

    @Test
    void w2OnTwoWorkersReachesTheAccuracyOfOneProcessWithReplicasBitIdentical() {
        TrainTestSplit d = Mnist.benchmarkSplit();
        Tensor.manualSeed(0);
        Model single = W2.get();
        single.fit(d.xTrain(), d.yTrain(), new FitOptions().epochs(W2_EPOCHS).batchSize(128).verbose(0));
        double singleAccuracy = single.evaluate(d.xTest(), d.yTest()).get("accuracy");

        Tensor.manualSeed(0);
        SparkTrainer.Result r = SparkTrainer.fit(W2, frame(d.xTrain(), d.yTrain()), new String[] {"features"}, "label",
                new SparkFitOptions().workers(2).epochs(W2_EPOCHS).batchSize(128).verifyReplicas(true));
        double sparkAccuracy = r.model().evaluate(d.xTest(), d.yTest()).get("accuracy");

        assertTrue(singleAccuracy > 0.9, "one process learns: " + singleAccuracy);
        assertEquals(singleAccuracy, sparkAccuracy, 0.01, "2 workers reach one process's test accuracy");
        assertEquals(W2_EPOCHS * 63, r.checksums().get(0).length, "4000 rows a worker at 64 a step: 63 steps an epoch");
        assertTrue(r.replicasIdentical(), "the two workers' parameters were bit-identical after every step");
        assertEquals(W2_EPOCHS, r.history().epochs());
        assertTrue(r.history().last("accuracy") > 0.9, r.history().asMap().toString());
    }

    @Test
    void compiledStepsWithAnOptimizerThatCannotRunCompiledAreRefusedOnTheDriver() {
        SerializableSupplier<Model> lbfgs = () -> {
            Model m = new Sequential(new Linear(6, 3));
            return m.compile(new LBFGS(m.parameters(), 0.5), new CrossEntropyLoss());
        };
        Tensor[] d = WorkerTest.data(32);
        var e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.fit(lbfgs, frame(d[0], d[1]),
                new String[] {"features"}, "label", new SparkFitOptions().workers(2).compiled(true)));
        assertTrue(e.getMessage().startsWith("CompiledStep: LBFGS"), e.getMessage());
    }

    static final SerializableSupplier<Model> SMALL = WorkerTest.MLP;

    static final AtomicInteger FAILURES = new AtomicInteger();

    @Test
    void aWorkerKilledMidTrainingIsRerunAndResumesFromTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Tensor[] d = WorkerTest.data(192);
        Dataset<Row> frame = frame(d[0], d[1]);
        String[] features = {"features"};
        SparkFitOptions plain = new SparkFitOptions().epochs(3).batchSize(32).seed(5);
        Tensor.manualSeed(1);                           // the same initial weights for both runs
        Model uninterrupted = SparkTrainer.fit(SMALL, frame, features, "label", plain.checkpointEvery(
                dir.resolve("a").toString(), 4, 2)).model();

        Replica.afterStep = (rank, step) -> {
            if (rank == 1 && step == 10 && FAILURES.getAndIncrement() == 0) {
                throw new IllegalStateException("test: worker 1 killed at step 10");
            }
        };
        try {
            SparkFitOptions options = new SparkFitOptions().epochs(3).batchSize(32).seed(5)
                    .checkpointEvery(dir.resolve("b").toString(), 4, 2).timeout(java.time.Duration.ofSeconds(30));
            Tensor.manualSeed(1);
            SparkTrainer.Result r = SparkTrainer.fit(SMALL, frame, features, "label", options);
            assertEquals(2, FAILURES.get(), "worker 1 failed at step 10 once, and passed step 10 again after the rerun");
            assertArrayEquals(WorkerTest.flat(uninterrupted.module().stateDict()),
                    WorkerTest.flat(r.model().module().stateDict()),
                    "resumed from step 8: the same weights as the run that never failed");
            assertEquals(3, r.history().epochs());
            try (var files = Files.list(dir.resolve("b"))) {
                assertEquals(2, files.count(), "the last 2 checkpoints are kept");
            }
        } finally {
            Replica.afterStep = (rank, step) -> { };
        }
    }
}
