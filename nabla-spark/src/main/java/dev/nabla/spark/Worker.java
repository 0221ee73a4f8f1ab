package dev.nabla.spark;

import dev.nabla.backend.Backends;
import dev.nabla.io.Safetensors;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.io.ModelFiles;
import java.io.IOException;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The life of one training worker, whatever runs it (a Spark barrier task, or a thread in tests):
 * open a port, meet the others through the {@link Rendezvous} (addresses, shard sizes, and worker
 * 0's newest checkpoint), join the ring, build the model with the driver's initial weights, train.
 */
final class Worker {
    private Worker() {
    }

    /** What a worker sends back to the driver: worker 0 adds the history and the trained weights. */
    record Result(int rank, Map<String, List<Double>> history, byte[] weights, long[] checksums, double seconds,
            int timedSteps) implements Serializable {
    }

    /**
     * Runs worker {@code rank} on its shard ({@code x} {@code [n, features]}, {@code y} its targets),
     * listening on {@code host}.
     */
    static Result run(int rank, Rendezvous rendezvous, String host, SerializableSupplier<Model> factory,
            byte[] initialWeights, Tensor x, Tensor y, SparkFitOptions options) throws IOException {
        ServerSocket server = RingAllReduce.listen(host);
        Path latest = rank == 0 && options.checkpointDir != null ? Checkpoints.latest(Path.of(options.checkpointDir))
                : null;
        String[] all = rendezvous.allGather(RingAllReduce.address(server) + ";" + x.size(0) + ";"
                + (latest == null ? "" : latest));
        int p = all.length;
        if (options.batchSize < p) {
            server.close();
            throw new IllegalArgumentException("spark fit: the global batch (" + options.batchSize
                    + ") must be at least the number of workers (" + p + ")");
        }
        List<String> addresses = new ArrayList<>();
        int steps = 0;
        for (int r = 0; r < p; r++) {
            String[] parts = all[r].split(";", 3);
            addresses.add(parts[0]);
            int b = Replica.localBatch(options.batchSize, r, p);
            steps = Math.max(steps, (Integer.parseInt(parts[1]) + b - 1) / b);
        }
        String checkpoint = all[0].split(";", 3)[2];
        if (options.threadsPerWorker > 0) {
            Backends.setThreads(options.threadsPerWorker);
        }
        Model model = factory.get();
        ModelFiles.loadChecked(model.module(), Safetensors.read(initialWeights).tensors(), "the driver's initial weights");
        try (RingAllReduce ring = RingAllReduce.connect(server, rank, addresses, Duration.ofMillis(options.timeoutMillis),
                options.inProcessLinks)) {
            Replica replica = new Replica(model, ring, options);
            History history = replica.train(x, y, steps, checkpoint.isEmpty() ? null : Path.of(checkpoint));
            byte[] weights = rank == 0 ? Safetensors.toBytes(model.module().stateDict(), Map.of()) : null;
            return new Result(rank, rank == 0 ? history.asMap() : Map.of(), weights, replica.checksums(),
                    replica.seconds(), replica.timedSteps());
        }
    }
}
