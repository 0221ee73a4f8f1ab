package dev.nabla.data;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Iterator;
import java.util.Objects;

/**
 * Iterates over a {@link Dataset} in {@link Batch}es (PyTorch's {@code DataLoader}). Each call of
 * {@link #iterator()} is one epoch: with shuffling on, it draws a fresh permutation from the
 * loader's {@link Generator}, so a loader built with the same seed yields the same batches, epoch
 * after epoch, whether or not prefetch is on.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(42).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) { ... b.x() ... b.y() ... }
 * }
 * }</pre>
 *
 * <p>Shape: a dataset of examples {@code x [...]}, {@code y [...]} gives batches {@code x [B, ...]},
 * {@code y [B, ...]} with {@code B = batchSize}, except a smaller last batch unless
 * {@code dropLast}. A {@link TensorDataset} is batched with one {@code indexSelect} per tensor and
 * batch (or a view when not shuffled); any other dataset by stacking its examples.
 *
 * <p>With {@code device(d)}, batches are delivered on device {@code d} (e.g. {@code "cuda:0"}): the
 * next batch is copied there on a daemon thread while the current one computes (one batch ahead,
 * or {@code k} with {@code prefetch(k)}).
 *
 * <p>With {@code prefetch(k)}, a daemon thread prepares up to {@code k} batches ahead. An epoch's
 * iterator that is abandoned before its end stops its thread once it is garbage collected, or at
 * once when closed ({@link EpochIterator#close()}).
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int prefetch;
    private final Backend device;
    private final Generator generator;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.device = b.device;
        // Without a seed, a shuffling loader seeds itself from the default generator (so
        // Tensor.manualSeed makes it reproducible); a non-shuffling one leaves that state alone.
        this.generator = b.generator != null ? b.generator
                : new Generator(b.seed != null ? b.seed : b.shuffle ? Generator.getDefault().nextLong() : 0);
    }

    /** Batches of {@code batchSize} in dataset order, keeping a smaller last batch. */
    public DataLoader(Dataset dataset, int batchSize) {
        this(builder(dataset).batchSize(batchSize));
    }

    /** Batches of {@code batchSize}, shuffled each epoch from {@code seed} if {@code shuffle}. */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed) {
        this(builder(dataset).batchSize(batchSize).shuffle(shuffle).seed(seed));
    }

    /** A builder with batch size 1, no shuffle, no drop-last and no prefetch. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The dataset being loaded. */
    public Dataset dataset() {
        return dataset;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The generator that draws each epoch's permutation (its state advances once per shuffled epoch). */
    public Generator generator() {
        return generator;
    }

    /** The number of batches in an epoch. */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : Math.ceilDiv(n, batchSize); // n + batchSize - 1 could overflow
    }

    /** Starts an epoch; the permutation is drawn now, on the calling thread. */
    @Override
    public EpochIterator iterator() {
        Tensor order = shuffle ? Tensor.randperm(generator, dataset.size()) : null;
        Iterator<Batch> batches = new Batches(dataset, order, batchSize, size());
        if (device != null) {
            batches = movedTo(batches, device);
        }
        int ahead = device != null ? Math.max(prefetch, 1) : prefetch;
        return new EpochIterator(ahead > 0 ? new Prefetcher(batches, ahead) : batches);
    }

    private static Iterator<Batch> movedTo(Iterator<Batch> source, Backend device) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Batch next() {
                return source.next().to(device);
            }
        };
    }

    @Override
    public String toString() {
        return "DataLoader(size=" + dataset.size() + ", batchSize=" + batchSize + ", shuffle=" + shuffle
                + ", dropLast=" + dropLast + ", prefetch=" + prefetch + (device == null ? "" : ", device=" + device.device())
                + ")";
    }

    /** One epoch's batches; {@link #close()} stops a prefetch thread early. */
    public static final class EpochIterator implements Iterator<Batch>, AutoCloseable {
        private final Iterator<Batch> inner;

        private EpochIterator(Iterator<Batch> inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Batch next() {
            return inner.next();
        }

        /** Stops the prefetch thread, if any; the iterator ends. */
        @Override
        public void close() {
            if (inner instanceof Prefetcher p) {
                p.close();
            }
        }
    }

    /** Options of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private int prefetch;
        private Backend device;
        private Long seed;
        private Generator generator;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        /** Examples per batch (positive). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the examples in a fresh random order. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seeds a generator of the loader's own (default: a seed drawn from the default generator, see {@link Tensor#manualSeed}). */
        public Builder seed(long seed) {
            this.seed = seed;
            this.generator = null;
            return this;
        }

        /** Draws permutations from {@code generator}, shared with the caller. */
        public Builder generator(Generator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            this.seed = null;
            return this;
        }

        /** Whether to leave out a last batch smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Prepares up to {@code batches} batches ahead on a daemon thread (0: none, the default). */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** Delivers batches on {@code device}'s backend, copied one batch ahead (null: where they are made). */
        public Builder device(Backend device) {
            this.device = device;
            return this;
        }

        /** Delivers batches on {@code device}, e.g. {@code "cuda:0"}; see {@link #device(Backend)}. */
        public Builder device(String device) {
            return device(Backends.byName(device));
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
