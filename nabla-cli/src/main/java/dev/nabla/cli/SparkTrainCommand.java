package dev.nabla.cli;

import dev.nabla.loss.CrossEntropyLoss;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Sequential;
import dev.nabla.spark.NablaModel;
import dev.nabla.spark.SerializableSupplier;
import dev.nabla.spark.SparkFitOptions;
import dev.nabla.spark.SparkPreprocessing;
import dev.nabla.spark.SparkTrainer;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.TerminateOnNaN;
import dev.nabla.train.io.ModelFiles;
import dev.nabla.train.io.TabularPreprocessing;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla spark-train}: {@code nabla train}'s MLP, trained data-parallel on Spark from any file
 * Spark reads (Parquet, CSV), saved with the same preprocessing.
 */
@Command(name = "spark-train", synopsisHeading = "usage: ",
        customSynopsis = "nabla spark-train --data FILE --target COL [options]",
        description = {"train an MLP data-parallel on Apache Spark", "",
            "As 'nabla train', but on Apache Spark: WORKERS barrier tasks each read their own partitions and "
            + "average gradients every step by ring all-reduce (the batch size is the global batch). The model is "
            + "saved with its preprocessing, for 'nabla predict' and Spark's NablaModel. Under spark-submit the "
            + "master is spark-submit's. Training stops at the first NaN or infinite loss, and such a model is "
            + "never saved."},
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class SparkTrainCommand extends CliCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
    @Option(names = "--data", paramLabel = "FILE", description = ".parquet (file or directory) or .csv (with a header)")
    String data;
    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[W], W = workers)")
    String master;
    @Option(names = "--workers", paramLabel = "W", defaultValue = "2", description = "barrier tasks (default 2)")
    long workers;
    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "write a checkpoint there every --checkpoint-every steps and resume from the newest one")
    String checkpointDir;
    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "100",
            description = "steps between checkpoints (default 100)")
    long checkpointEvery;
    @Mixin
    MlpOptions mlp;

    @Override
    int run() throws Exception {
        if (data == null || mlp.target == null) {
            throw new UsageException("options '--data' and '--target' are required");
        }
        int workerCount = Tabular.atLeast("--workers", workers, 1);
        int every = Tabular.atLeast("--checkpoint-every", checkpointEvery, 1);
        MlpOptions.Checked o = mlp.check();
        String url = master != null ? master : System.getProperty("spark.master", "local[" + workerCount + "]");
        Path save = o.save();
        ModelFiles.checkSavable(save); // before training, not after

        SparkSession spark = session(url);
        try {
            Dataset<Row> all = read(spark, data);
            List<String> features = o.features() != null ? o.features()
                    : Arrays.stream(all.columns()).filter(c -> !c.equals(o.target())).toList();
            double valSplit = o.valSplit();
            Dataset<Row>[] split = valSplit == 0 ? null : all.randomSplit(new double[] {1 - valSplit, valSplit}, o.seed());
            Dataset<Row> train = split == null ? all : split[0];
            TabularPreprocessing prep = SparkPreprocessing.fit(train, features, o.target(), o.task());
            int in = features.size();
            int outputs = prep.classification() ? prep.classes().size() : 1;
            o.requireMemory(in, outputs);
            // the factory runs on the executors: it captures only serializable values, not this command
            List<Integer> hidden = List.copyOf(o.hidden());
            String activation = o.activation();
            String optimizer = o.optimizer();
            double lr = o.lr();
            long seed = o.seed();
            boolean classification = o.classification();
            SerializableSupplier<Model> factory = () -> {
                Sequential net = MlpOptions.mlp(in, hidden, activation, outputs, seed);
                return new Model(net).compile(MlpOptions.optimizer(optimizer, net, lr),
                        classification ? new CrossEntropyLoss() : new MSELoss());
            };
            SparkFitOptions options = new SparkFitOptions().workers(workerCount).epochs(o.epochs())
                    .batchSize(o.batchSize()).seed(seed).callbacks(() -> List.of(new TerminateOnNaN()));
            if (checkpointDir != null) {
                options.checkpointEvery(checkpointDir, every, 2);
            }
            Dataset<Row> prepared = SparkPreprocessing.apply(train, prep);
            SparkTrainer.Result r = SparkTrainer.fit(factory, prepared, new String[] {SparkPreprocessing.FEATURES},
                    SparkPreprocessing.LABEL, options);
            double loss = r.history().last("loss");
            if (!Double.isFinite(loss) || !MlpOptions.finite(r.model().module())) {
                throw new IllegalStateException("training diverged: the loss is " + loss
                        + "; the model was not saved (try a smaller --lr)");
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("trained_on", Path.of(data).getFileName().toString());
            meta.put("epochs", o.epochs());
            meta.put("optimizer", optimizer);
            meta.put("lr", lr);
            meta.put("spark_workers", workerCount);
            ModelFiles.save(r.model().module(), save, prep.toJson(), meta);
            out.printf(Locale.ROOT, "trained %d epochs with %d workers on %s (%d features); final loss %.6g%n",
                    r.history().epochs(), workerCount, url, in, loss);
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
