package dev.nabla.cli;

import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.Linear;
import dev.nabla.spark.NablaModel;
import dev.nabla.spark.SerializableSupplier;
import dev.nabla.spark.SparkFitOptions;
import dev.nabla.spark.SparkPreprocessing;
import dev.nabla.spark.SparkTrainer;
import dev.nabla.train.Model;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code nabla spark-train}: {@code nabla train}'s MLP, trained data-parallel on Spark from any file
 * Spark reads (Parquet, CSV), saved with the same preprocessing.
 */
final class SparkTrainCommand implements Command {
    @Override
    public String name() {
        return "spark-train";
    }

    @Override
    public String summary() {
        return "train an MLP data-parallel on Apache Spark";
    }

    @Override
    public String help() {
        return """
                usage: nabla spark-train --data FILE --target COL [options]

                As 'nabla train', but on Apache Spark: WORKERS barrier tasks each read their own
                partitions and average gradients every step by ring all-reduce (the batch size
                is the global batch). The model is saved with its preprocessing, for 'nabla
                predict' and Spark's NablaModel. Under spark-submit the master is spark-submit's.

                Options:
                  --data FILE           .parquet (file or directory) or .csv (with a header)
                  --master URL          Spark master (default local[W], W = workers)
                  --workers W           barrier tasks (default 2)
                  --checkpoint-dir DIR  write a checkpoint there every --checkpoint-every steps
                                        and resume from the newest one (default: none)
                  --checkpoint-every N  steps between checkpoints (default 100)
                  --target, --features, --hidden, --activation, --task, --epochs, --batch-size,
                  --lr, --optimizer, --val-split, --seed, --save: as 'nabla train'
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv);
        String data = a.string("data", null);
        String target = a.string("target", null);
        if (data == null || target == null) {
            throw new UsageException("options '--data' and '--target' are required");
        }
        int workers = a.intValue("workers", 2, 1);
        String master = a.string("master", System.getProperty("spark.master", "local[" + workers + "]"));
        String featuresOpt = a.string("features", null);
        List<Integer> hidden = TrainCommand.hidden(a.string("hidden", "64,64"));
        String activation = a.string("activation", "relu");
        TrainCommand.activation(activation);
        String task = a.string("task", "regression");
        if (!task.equals("regression") && !task.equals("classification")) {
            throw new UsageException("option '--task' must be regression or classification, got '" + task + "'");
        }
        int epochs = a.intValue("epochs", 20, 1);
        int batch = a.intValue("batch-size", 32, 1);
        double lr = a.positiveDouble("lr", 1e-3);
        String optName = a.string("optimizer", "adam");
        TrainCommand.optimizer(optName, new Linear(1, 1), lr);                // checks the name before Spark starts
        double valSplit = TrainCommand.fraction(a.string("val-split", "0.2"));
        long seed = a.longValue("seed", 0);
        Path save = Path.of(a.string("save", "model"));
        String checkpointDir = a.string("checkpoint-dir", null);
        int checkpointEvery = a.intValue("checkpoint-every", 100, 1);
        a.rejectUnknown();

        SparkSession spark = session(master);
        try {
            Dataset<Row> all = read(spark, data);
            List<String> features = featuresOpt != null ? List.of(featuresOpt.split(","))
                    : Arrays.stream(all.columns()).filter(c -> !c.equals(target)).toList();
            Dataset<Row>[] split = valSplit == 0 ? null : all.randomSplit(new double[] {1 - valSplit, valSplit}, seed);
            Dataset<Row> train = split == null ? all : split[0];
            TabularPreprocessing prep = SparkPreprocessing.fit(train, features, target, task);
            int in = features.size();
            int outputs = prep.classification() ? prep.classes().size() : 1;
            SerializableSupplier<Model> factory = () -> {
                Sequential net = TrainCommand.mlp(in, hidden, activation, outputs, seed);
                return new Model(net).compile(TrainCommand.optimizer(optName, net, lr),
                        task.equals("classification") ? new CrossEntropyLoss() : new MSELoss());
            };
            SparkFitOptions options = new SparkFitOptions().workers(workers).epochs(epochs).batchSize(batch).seed(seed);
            if (checkpointDir != null) {
                options.checkpointEvery(checkpointDir, checkpointEvery, 2);
            }
            Dataset<Row> prepared = SparkPreprocessing.apply(train, prep);
            SparkTrainer.Result r = SparkTrainer.fit(factory, prepared, new String[] {SparkPreprocessing.FEATURES},
                    SparkPreprocessing.LABEL, options);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("trained_on", Path.of(data).getFileName().toString());
            meta.put("epochs", epochs);
            meta.put("optimizer", optName);
            meta.put("lr", lr);
            meta.put("spark_workers", workers);
            ModelFiles.save(r.model().module(), save, prep.toJson(), meta);
            out.printf(Locale.ROOT, "trained %d epochs with %d workers on %s (%d features); final loss %.6g%n",
                    r.history().epochs(), workers, master, in, r.history().last("loss"));
            out.println("saved: " + save);
            Dataset<Row> scored = split != null ? split[1] : all;
            out.println((split != null ? "validation" : "training") + " rows: " + scored.count());
            out.println("result: " + Tabular.format(metrics(prep, save, scored)));
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The session for {@code master}; a local one talks over loopback only and logs only warnings. */
    private static SparkSession session(String master) {
        System.setProperty("log4j2.configurationFile",
                System.getProperty("log4j2.configurationFile", "dev/nabla/spark/log4j2-quiet.properties"));
        SparkSession.Builder b = SparkSession.builder().appName("nabla spark-train").master(master)
                .config("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.getOrCreate();
    }

    private static Dataset<Row> read(SparkSession spark, String data) {
        String lower = data.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return spark.read().option("header", "true").option("inferSchema", "true").csv(data);
        }
        if (lower.endsWith(".parquet")) {
            return spark.read().parquet(data);
        }
        throw new UsageException("option '--data' must name a .parquet or .csv file, got '" + data + "'");
    }

    /** The task's metrics of the saved model on {@code rows}, predicted by {@link NablaModel}. */
    private static Map<String, Double> metrics(TabularPreprocessing prep, Path model, Dataset<Row> rows) {
        List<Row> scored = new NablaModel().setModelPath(model.toString()).setPredictionCol("nabla_prediction")
                .transform(rows).select("nabla_prediction", prep.target()).collectAsList();
        List<double[]> pairs = new ArrayList<>();
        for (Row row : scored) {
            if (prep.classification()) {
                int truth = prep.classes().indexOf(String.valueOf(row.get(1)));
                if (truth >= 0) {
                    pairs.add(new double[] {prep.classes().indexOf(row.getString(0)), truth});
                }
            } else {
                pairs.add(new double[] {row.getDouble(0), ((Number) row.get(1)).doubleValue()});
            }
        }
        return prep.metrics(pairs.stream().mapToDouble(p -> p[0]).toArray(), pairs.stream().mapToDouble(p -> p[1]).toArray());
    }
}
