package dev.nabla.spark;

import dev.nabla.io.Safetensors;
import dev.nabla.optim.CompiledStep;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.io.ModelFiles;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Synchronous data-parallel training of a Nabla {@link Model} over a Spark DataFrame: one
 * long-lived task per worker in a barrier stage ({@code rdd.barrier()}); the workers meet through
 * {@code BarrierTaskContext.allGather}, then average their gradients every step by ring all-reduce
 * between themselves ({@link RingAllReduce}: over TCP, or through memory between workers of one
 * JVM), each reading only its own partition of the data. The step is that of {@code Model.fit} on the global batch (see {@link Replica}).
 *
 * <pre>{@code
 * SerializableSupplier<Model> mlp = () -> {
 *     Model m = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 10));
 *     return m.compile(new Adam(m.parameters(), 1e-3), new CrossEntropyLoss(), Accuracy.categorical());
 * };
 * SparkTrainer.Result r = SparkTrainer.fit(mlp, df, new String[] {"pixels"}, "label",
 *         new SparkFitOptions().workers(2).epochs(10).batchSize(128).checkpointEvery("/shared/ckpt", 100, 2));
 * r.model().predict(x);  r.history().last("accuracy");
 * }</pre>
 *
 * The factory runs once on the driver (whose freshly initialised weights every worker starts from)
 * and once in each worker. If a task fails, Spark reruns the whole barrier stage (allow it with
 * {@code spark.task.maxFailures}, or {@code local[N,F]} in local mode) and the rerun resumes from
 * the newest checkpoint.
 */
public final class SparkTrainer {
    private SparkTrainer() {
    }

    /**
     * What {@link #fit} returns: the driver's model with the trained weights, the history (per epoch,
     * as {@code fit}'s), each worker's parameter checksums after every step (with
     * {@link SparkFitOptions#verifyReplicas}), and worker 0's training time: {@code seconds} for
     * {@code timedSteps} steps, those after the first epoch when there are several, else all but
     * the first step (data loading and warm-up excluded).
     */
    public record Result(Model model, History history, List<long[]> checksums, double seconds, int timedSteps) {

        /** Whether every worker's parameters were bit-identical after every step (needs verifyReplicas). */
        public boolean replicasIdentical() {
            return checksums.get(0).length > 0 && checksums.stream().allMatch(c -> Arrays.equals(c, checksums.get(0)));
        }
    }

    /**
     * Trains the model built by {@code factory} on {@code data}: {@code featureCols} (numbers, arrays
     * or vectors) side by side as the input, {@code labelCol} as the target (integers: class indices).
     */
    public static Result fit(SerializableSupplier<Model> factory, Dataset<Row> data, String[] featureCols,
            String labelCol, SparkFitOptions options) {
        Dataset<Row> selected = data.select(Arrays.stream(RowReader.of(data.schema(), featureCols, labelCol).columns())
                .map(functions::col).toArray(Column[]::new));
        RowReader reader = RowReader.of(selected.schema(), featureCols, labelCol);
        Model model = factory.get();
        if (options.compiled) { // refused here rather than in every task (LBFGS cannot run compiled)
            CompiledStep.of(model.module(), model.optimizer(), (x, y) -> null);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<byte[]> initial = jsc.broadcast(Safetensors.toBytes(model.module().stateDict(), Map.of()));
        JavaRDD<Row> rows = selected.toJavaRDD();
        if (rows.getNumPartitions() != options.workers) {
            rows = rows.repartition(options.workers);
        }
        ClassTag<Worker.Result> tag = ClassTag$.MODULE$.apply(Worker.Result.class);
        RDD<Worker.Result> trained = rows.rdd().barrier()
                .mapPartitions(new TrainPartition(factory, initial, reader, options, jsc.isLocal()), false, tag);
        // A shuffle after the barrier stage makes it a ShuffleMapStage, which Spark reruns as a whole
        // when a task fails (a failed barrier ResultStage is aborted instead).
        List<Worker.Result> results = new JavaRDD<>(trained, tag).repartition(1).collect();
        Worker.Result first = results.stream().filter(r -> r.rank() == 0).findFirst().orElseThrow();
        try {
            ModelFiles.loadChecked(model.module(), Safetensors.read(first.weights()).tensors(), "worker 0's weights");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        History history = new History();
        int epochs = first.history().values().stream().mapToInt(List::size).max().orElse(0);
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> logs = new java.util.LinkedHashMap<>();
            final int epoch = e;
            first.history().forEach((k, v) -> logs.put(k, v.get(epoch)));
            history.append(logs);
        }
        List<long[]> checksums = results.stream().sorted(java.util.Comparator.comparingInt(Worker.Result::rank))
                .map(Worker.Result::checksums).toList();
        return new Result(model, history, checksums, first.seconds(), first.timedSteps());
    }

    /** The body of each barrier task: read the partition, then run a {@link Worker}. */
    private static final class TrainPartition extends AbstractFunction1<scala.collection.Iterator<Row>,
            scala.collection.Iterator<Worker.Result>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SerializableSupplier<Model> factory;
        private final Broadcast<byte[]> initial;
        private final RowReader reader;
        private final SparkFitOptions options;
        private final boolean loopback;

        TrainPartition(SerializableSupplier<Model> factory, Broadcast<byte[]> initial, RowReader reader,
                SparkFitOptions options, boolean loopback) {
            this.factory = factory;
            this.initial = initial;
            this.reader = reader;
            this.options = options;
            this.loopback = loopback;
        }

        @Override
        public scala.collection.Iterator<Worker.Result> apply(scala.collection.Iterator<Row> partition) {
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            String address = context.getTaskInfos()[rank].address();
            String host = loopback ? "127.0.0.1" : address.substring(0, Math.max(0, address.lastIndexOf(':')));
            Tensor[] shard = reader.read(scala.jdk.javaapi.CollectionConverters.asJava(partition));
            try {
                Worker.Result result = Worker.run(rank, context::allGather, host.isEmpty() ? address : host, factory,
                        initial.value(), shard[0], shard[1], options);
                Iterator<Worker.Result> one = List.of(result).iterator();
                return scala.jdk.javaapi.CollectionConverters.asScala(one);
            } catch (IOException e) {
                throw new UncheckedIOException("spark fit: worker " + rank + ": " + e.getMessage(), e);
            }
        }
    }
}
