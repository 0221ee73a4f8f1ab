package dev.nabla.spark;

import dev.nabla.backend.Backends;
import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.datasets.Mnist;
import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.Model;
import dev.nabla.train.Sequential;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.metrics.Accuracy;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The figures, one {@code bench ...} line each: ring all-reduce time against message size
 * on loopback (2 workers as threads, over TCP, and through memory for W2's gradient); W2 samples/s
 * in one process (both cores) and on Spark {@code local[2]} with 1 worker of 2 threads and 2 of 1
 * thread (linked through memory, then over TCP), with eager and then with compiled steps on both
 * sides; and the step-time model for 8–64 executors on 10 and 100 Gbit/s networks built from those
 * figures. Each training figure counts the steps after the first epoch of {@code epochs} (default
 * 10); after an untimed round, the settings alternate {@code runs} times (default 5) and the
 * medians are compared. Run:
 * {@code java -cp "nabla-cli/target/nabla-cli.jar:$(cat nabla-cli/target/classpath.txt)"
 * --add-modules jdk.incubator.vector dev.nabla.spark.SparkBench [epochs [runs]]}.
 */
public final class SparkBench {
    /** W2's gradient: 784·512+512 + 512·512+512 + 512·10+10 floats (2.68 MB). */
    static final int W2_PARAMS = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10;

    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<Integer, Double> allReduce = new java.util.LinkedHashMap<>();
        for (int floats : new int[] {1 << 10, 1 << 14, 1 << 18, W2_PARAMS, 1 << 22}) {
            double ms = allReduceMillis(floats, 2, false);
            allReduce.put(floats, ms);
            System.out.printf(Locale.ROOT, "bench allreduce workers=2 link=tcp bytes=%d ms=%.3f gbytes_per_s=%.3f%n",
                    4L * floats, ms, 2.0 * (2 - 1) / 2 * 4L * floats / (ms / 1e3) / 1e9);
        }
        System.out.printf(Locale.ROOT, "bench allreduce workers=2 link=memory bytes=%d ms=%.3f%n", 4L * W2_PARAMS,
                allReduceMillis(W2_PARAMS, 2, true));
        TrainTestSplit d = Mnist.benchmarkSplit();
        System.setProperty("log4j2.configurationFile",
                System.getProperty("log4j2.configurationFile", "dev/nabla/spark/log4j2-quiet.properties"));
        SparkSession spark = SparkSession.builder().master("local[2]").appName("nabla-spark-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        double executorRate = 0; // one 2-core executor: the one-process rate
        try {
            Dataset<Row> frame = frame(spark, d.xTrain(), d.yTrain());
            for (boolean compiled : new boolean[] {false, true}) {
                String[] names = {"one-process threads=2", "spark-local[2] workers=1 threads_per_worker=2",
                    "spark-local[2] workers=2 threads_per_worker=1 link=memory",
                    "spark-local[2] workers=2 threads_per_worker=1 link=tcp"};
                double[][] rates = new double[names.length][runs];
                // an untimed first round warms every setting up (the JIT kept speeding the first runs
                // up); the timed rounds alternate the settings, so that a slow minute hits all of them
                for (int run = -1; run < runs; run++) {
                    double[] r = {singleProcess(d, epochs, compiled), sparkRate(frame, epochs, compiled, 1, true),
                        sparkRate(frame, epochs, compiled, 2, true), sparkRate(frame, epochs, compiled, 2, false)};
                    if (run < 0) {
                        continue;
                    }
                    for (int i = 0; i < names.length; i++) {
                        rates[i][run] = r[i];
                        System.out.printf(Locale.ROOT, "bench w2 mode=%s compiled=%b epochs=%d run=%d samples_per_s=%.0f%n",
                                names[i], compiled, epochs, run + 1, rates[i][run]);
                    }
                }
                double one = median(rates[0]);
                for (int i = 0; i < names.length; i++) {
                    System.out.printf(Locale.ROOT, "median w2 mode=%s compiled=%b samples_per_s=%.0f "
                            + "ratio_to_one_process=%.2f%n", names[i], compiled, median(rates[i]), median(rates[i]) / one);
                }
                if (!compiled) {
                    executorRate = one;
                }
            }
            SparkTrainer.Result r = SparkTrainer.fit(W2, frame, new String[] {"features"}, "label",
                    new SparkFitOptions().workers(2).epochs(epochs).batchSize(128).threadsPerWorker(1));
            System.out.printf(Locale.ROOT, "bench w2 workers=2 epochs=%d test_acc=%.4f%n", epochs,
                    r.model().evaluate(d.xTest(), d.yTest()).get("accuracy"));
        } finally {
            spark.stop();
        }
        model(executorRate, allReduce.get(W2_PARAMS));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * W2's samples/s on Spark {@code local[2]} with {@code workers} workers sharing the 2 cores,
     * linked through memory or over TCP, in the steps after the first epoch.
     */
    private static double sparkRate(Dataset<Row> frame, int epochs, boolean compiled, int workers, boolean memory) {
        SparkTrainer.Result r = SparkTrainer.fit(W2, frame, new String[] {"features"}, "label",
                new SparkFitOptions().workers(workers).epochs(epochs).batchSize(128).threadsPerWorker(2 / workers)
                        .inProcessLinks(memory).compiled(compiled));
        return r.timedSteps() * 128 / r.seconds();
    }

    static final SerializableSupplier<Model> W2 = () -> {
        Model m = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10));
        return m.compile(new Adam(m.parameters(), 1e-3), new CrossEntropyLoss(), Accuracy.categorical());
    };

    /**
     * Median milliseconds of one {@code sum} of {@code floats} floats among {@code p} workers
     * (threads of this JVM) linked over TCP loopback or, with {@code inProcess}, through memory.
     */
    static double allReduceMillis(int floats, int p, boolean inProcess) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            servers.add(RingAllReduce.listen("127.0.0.1"));
            addresses.add(RingAllReduce.address(servers.get(r)));
        }
        int runs = 30;
        ExecutorService pool = Executors.newFixedThreadPool(p);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int r = 0; r < p; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.connect(servers.get(rank), rank, addresses,
                            Duration.ofSeconds(60), inProcess)) {
                        float[] data = new float[floats];
                        double[] ms = new double[runs];
                        for (int i = 0; i < 10 + runs; i++) {
                            long t0 = System.nanoTime();
                            ring.sum(data);
                            if (i >= 10) {
                                ms[i - 10] = (System.nanoTime() - t0) / 1e6;
                            }
                        }
                        return ms;
                    }
                }));
            }
            double[] ms = futures.get(0).get();
            for (Future<double[]> f : futures) {
                f.get();
            }
            Arrays.sort(ms);
            return ms[runs / 2];
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * W2 samples/s of {@code Model.fit} in this process with 2 threads, eager or compiled steps,
     * after the first epoch as the workers' (after the first step when there is one epoch).
     */
    static double singleProcess(TrainTestSplit d, int epochs, boolean compiled) {
        int saved = Backends.threads();
        Backends.setThreads(2);
        try {
            Model m = W2.get();
            long[] last = new long[1];
            long[] from = new long[1];
            int[] steps = new int[2]; // all, and those before the timing started
            m.fit(d.xTrain(), d.yTrain(), new FitOptions().epochs(epochs).batchSize(128).verbose(0).compiled(compiled)
                    .callbacks(new Callback() { // timed as the workers are: after the first epoch, else the first step
                        @Override
                        public void onBatchEnd(int step, Map<String, Double> logs) {
                            last[0] = System.nanoTime();
                            if (steps[0]++ == 0) {
                                from[0] = last[0];
                                steps[1] = 1;
                            }
                        }

                        @Override
                        public void onEpochEnd(int epoch, Map<String, Double> logs) {
                            if (epoch == 0 && epochs > 1) {
                                from[0] = last[0];
                                steps[1] = steps[0];
                            }
                        }
                    }));
            return (steps[0] - steps[1]) * 128.0 / ((last[0] - from[0]) / 1e9);
        } finally {
            Backends.setThreads(saved);
        }
    }

    static Dataset<Row> frame(SparkSession spark, Tensor x, Tensor y) {
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
        return spark.createDataFrame(rows, schema).cache();
    }

    /**
     * The step-time model: each of {@code p} executors computes {@code B/p} samples at the measured
     * rate of one 2-core executor (one process on both cores), then the ring moves {@code 2(p-1)/p}
     * of the gradient through each executor's link in {@code 2(p-1)} messages (each with a latency,
     * 50 µs assumed on a data-centre network).
     */
    static void model(double executorSamplesPerSecond, double loopbackMillis) {
        double bytes = 4.0 * W2_PARAMS;
        System.out.printf(Locale.ROOT, "bench model w2 gradient_bytes=%.0f executor_samples_per_s=%.0f "
                + "loopback_allreduce_ms=%.3f latency_us=50%n", bytes, executorSamplesPerSecond, loopbackMillis);
        for (double gbit : new double[] {10, 100}) {
            for (int p : new int[] {8, 16, 32, 64}) {
                double comm = 2.0 * (p - 1) / p * bytes / (gbit * 1e9 / 8) * 1e3 + 2 * (p - 1) * 0.05;
                for (int batch : new int[] {128, 128 * p}) {
                    double compute = (double) batch / p / executorSamplesPerSecond * 1e3;
                    double step = compute + comm;
                    System.out.printf(Locale.ROOT, "bench model network_gbit=%.0f executors=%d global_batch=%d "
                            + "compute_ms=%.2f allreduce_ms=%.2f step_ms=%.2f samples_per_s=%.0f speedup=%.1f%n",
                            gbit, p, batch, compute, comm, step, batch / step * 1e3,
                            batch / step * 1e3 / executorSamplesPerSecond);
                }
            }
        }
    }
}
