package dev.nabla.spark;

import dev.nabla.train.callbacks.Callback;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Settings of {@link SparkTrainer#fit}, as fluent setters in the manner of {@code FitOptions}.
 * Defaults: 2 workers, 1 epoch, global batch 32, shuffled with seed 0, no checkpoints, silent,
 * 120 s network timeout.
 */
public final class SparkFitOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    int workers = 2;
    int epochs = 1;
    int batchSize = 32;
    boolean shuffle = true;
    long seed;
    int verbose;
    String checkpointDir;
    int checkpointEvery;
    int checkpointKeep;
    SerializableSupplier<List<Callback>> callbacks = List::of;
    long timeoutMillis = 120_000;
    boolean verifyReplicas;
    int threadsPerWorker;
    boolean compiled;
    boolean inProcessLinks = true;

    /** Number of workers: one long-lived barrier task each (at most the cluster's task slots). */
    public SparkFitOptions workers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("spark fit: workers must be >= 1, got " + n);
        }
        workers = n;
        return this;
    }

    /** Number of passes over the data. */
    public SparkFitOptions epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("spark fit: epochs must be >= 0, got " + n);
        }
        epochs = n;
        return this;
    }

    /** The global batch: examples per step over all workers (each takes {@code n / workers} of it). */
    public SparkFitOptions batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("spark fit: batchSize must be >= 1, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** Whether each worker reshuffles its rows every epoch (seeded by seed, epoch and worker). */
    public SparkFitOptions shuffle(boolean on) {
        shuffle = on;
        return this;
    }

    /** Seed of the shuffling. */
    public SparkFitOptions seed(long s) {
        seed = s;
        return this;
    }

    /** 0: silent; 2: one line per epoch from worker 0 (in the executor's output). */
    public SparkFitOptions verbose(int level) {
        if (level != 0 && level != 2) {
            throw new IllegalArgumentException("spark fit: verbose must be 0 or 2, got " + level);
        }
        verbose = level;
        return this;
    }

    /**
     * Worker 0 writes a full checkpoint to {@code directory/step-00000500.ckpt.safetensors} every
     * {@code everySteps} steps, keeping the last {@code keepLast}. When Spark reruns the stage after
     * a failure (or a new fit names the same directory), training resumes from the newest one. The
     * directory must be visible to every executor (a shared file system on a cluster).
     */
    public SparkFitOptions checkpointEvery(String directory, int everySteps, int keepLast) {
        if (everySteps < 1 || keepLast < 1) {
            throw new IllegalArgumentException("spark fit: checkpointEvery needs everySteps and keepLast >= 1, got "
                    + everySteps + " and " + keepLast);
        }
        checkpointDir = directory;
        checkpointEvery = everySteps;
        checkpointKeep = keepLast;
        return this;
    }

    /** Builds the callbacks in worker 0, which calls them as {@code fit} does (with the global logs). */
    public SparkFitOptions callbacks(SerializableSupplier<List<Callback>> factory) {
        callbacks = factory;
        return this;
    }

    /** How long a worker waits for a peer (connecting, and for each message) before failing. */
    public SparkFitOptions timeout(Duration t) {
        timeoutMillis = t.toMillis();
        return this;
    }

    /**
     * Threads of the CPU backend in each worker (JVM-wide: workers sharing an executor share the
     * setting); 0, the default, leaves the executor's setting alone. With {@code local[N]}, N workers
     * of 1 thread each use N cores.
     */
    public SparkFitOptions threadsPerWorker(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("spark fit: threadsPerWorker must be >= 0, got " + n);
        }
        threadsPerWorker = n;
        return this;
    }

    /**
     * Runs each worker's step as a {@link dev.nabla.optim.CompiledStep}, as
     * {@code FitOptions.compiled} does for {@code fit}: memory planned by the first step and reused,
     * so that training hardly allocates; a metric's tensors are then valid only until the step ends.
     * Off by default; eager steps plan their memory too when every class that runs in them is
     * Nabla's own ({@code Model.recyclesSteps}), as in {@code fit}.
     */
    public SparkFitOptions compiled(boolean on) {
        compiled = on;
        return this;
    }

    /**
     * Whether workers that Spark places in the same JVM (tasks of one executor, or {@code local[N]})
     * pass their all-reduce messages through memory rather than TCP loopback, as collective
     * libraries use shared memory within a node; on by default. Workers in different JVMs always
     * talk over TCP.
     */
    public SparkFitOptions inProcessLinks(boolean on) {
        inProcessLinks = on;
        return this;
    }

    /**
     * Whether every worker records a checksum of its parameters after each step, so that
     * {@link SparkTrainer.Result#replicasIdentical()} can tell whether the replicas stayed bit-identical.
     */
    public SparkFitOptions verifyReplicas(boolean on) {
        verifyReplicas = on;
        return this;
    }
}
