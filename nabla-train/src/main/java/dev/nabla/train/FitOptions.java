package dev.nabla.train;

import dev.nabla.data.Dataset;
import dev.nabla.data.TensorDataset;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@link Model#fit}, Keras's keyword arguments as fluent setters:
 * {@code new FitOptions().epochs(100).batchSize(32).validationSplit(0.2)}.
 * Defaults: 1 epoch, batch 32, shuffled with seed 0, no validation, progress shown.
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    boolean shuffle = true;
    long seed;
    double validationSplit;
    Dataset validationData;
    int verbose = 1;
    boolean compiled;
    final List<Callback> callbacks = new ArrayList<>();
    java.nio.file.Path checkpointDir;
    int checkpointEvery;
    int checkpointKeep;
    String checkpointMonitor;
    java.nio.file.Path resumeFrom;

    /** Number of passes over the training data. */
    public FitOptions epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("fit: epochs must be >= 0, got " + n);
        }
        epochs = n;
        return this;
    }

    /** Examples per gradient step. */
    public FitOptions batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("fit: batchSize must be >= 1, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** Whether to reshuffle the training data every epoch (seeded). */
    public FitOptions shuffle(boolean on) {
        shuffle = on;
        return this;
    }

    /** Seed of the shuffling. */
    public FitOptions seed(long s) {
        seed = s;
        return this;
    }

    /**
     * Fraction of the training tensors held out for validation: the last examples, before any
     * shuffling, as in Keras. Ignored when {@link #validationData} is given.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        }
        validationSplit = fraction;
        return this;
    }

    /** Data to evaluate after each epoch (reported with a {@code val_} prefix). */
    public FitOptions validationData(Dataset data) {
        validationData = data;
        return this;
    }

    /** Validation features and targets. */
    public FitOptions validationData(Tensor x, Tensor y) {
        return validationData(new TensorDataset(x, y));
    }

    /** 0: silent; 1: a progress bar per epoch; 2: one line per epoch. */
    public FitOptions verbose(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("fit: verbose must be 0, 1 or 2, got " + level);
        }
        verbose = level;
        return this;
    }

    /**
     * Runs each training step as a {@link dev.nabla.optim.CompiledStep}: captured once and
     * replayed, its memory planned by the first step and reused by the next ones, so training
     * hardly allocates. Tensors made inside a step (by an overridden {@code trainStep}, a metric or
     * a module) are then valid only until the step ends. Off by default; eager steps recycle their
     * memory too when every class that runs in them is Nabla's own (no layer, loss, metric or
     * {@code trainStep} of the user's).
     */
    public FitOptions compiled(boolean on) {
        compiled = on;
        return this;
    }

    /** Callbacks called in order at each stage of training. */
    public FitOptions callbacks(Callback... cs) {
        callbacks.addAll(List.of(cs));
        return this;
    }

    /**
     * Writes a full {@link Checkpoint} (weights, optimizer, schedule, epoch, step, generators,
     * history) to {@code directory/epoch-0005.ckpt.safetensors} every {@code everyEpochs} epochs,
     * keeping the last {@code keepLast} such files; see also {@link #checkpointBest(String)}.
     */
    public FitOptions checkpointEvery(java.nio.file.Path directory, int everyEpochs, int keepLast) {
        if (everyEpochs < 1 || keepLast < 1) {
            throw new IllegalArgumentException("fit: checkpointEvery needs everyEpochs and keepLast >= 1, got "
                    + everyEpochs + " and " + keepLast);
        }
        checkpointDir = directory;
        checkpointEvery = everyEpochs;
        checkpointKeep = keepLast;
        return this;
    }

    /**
     * With {@link #checkpointEvery}, also keeps {@code best.ckpt.safetensors}: the checkpoint of
     * the epoch with the best {@code monitor} so far (higher is better for names containing
     * {@code acc}, {@code f1}, {@code r2}, {@code auc} or {@code precision}/{@code recall}, lower otherwise).
     */
    public FitOptions checkpointBest(String monitor) {
        checkpointMonitor = monitor;
        return this;
    }

    /**
     * Resumes from a checkpoint written by {@link #checkpointEvery}: restores everything and
     * trains the remaining epochs up to {@link #epochs}, bit-identically to an uninterrupted run.
     */
    public FitOptions resumeFrom(java.nio.file.Path checkpoint) {
        resumeFrom = checkpoint;
        return this;
    }
}
