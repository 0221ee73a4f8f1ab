package dev.nabla.data;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * An in-memory dataset over two index-aligned tensors: example {@code i} is
 * {@code (features[i], targets[i])}. Shape: features {@code [N, ...]}, targets {@code [N, ...]}.
 * A {@link DataLoader} batches it with one {@code indexSelect} per tensor and batch.
 */
public final class TensorDataset implements Dataset {
    private final Tensor features;
    private final Tensor targets;

    /** A dataset of {@code features[i]} and {@code targets[i]}; both must have the same size along dim 0. */
    public TensorDataset(Tensor features, Tensor targets) {
        if (features.dim() == 0 || targets.dim() == 0) {
            throw new IllegalArgumentException("TensorDataset: features and targets need a leading example dim, got shapes "
                    + Arrays.toString(features.shape()) + " and " + Arrays.toString(targets.shape()));
        }
        if (features.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: features have " + features.size(0)
                    + " examples but targets have " + targets.size(0) + " (shapes " + Arrays.toString(features.shape())
                    + " and " + Arrays.toString(targets.shape()) + ")");
        }
        this.features = features.detach();
        this.targets = targets.detach();
    }

    /** All features, shape {@code [N, ...]}. */
    public Tensor features() {
        return features;
    }

    /** All targets, shape {@code [N, ...]}. */
    public Tensor targets() {
        return targets;
    }

    @Override
    public int size() {
        return features.size(0);
    }

    @Override
    public Example get(int index) {
        java.util.Objects.checkIndex(index, size());
        return new Example(features.select(0, index), targets.select(0, index));
    }

    /** The examples at {@code indices} (INT64, shape {@code [K]}), stacked: shapes {@code [K, ...]}. */
    public Batch batch(Tensor indices) {
        checkIndices(indices);
        return new Batch(features.indexSelect(0, indices), targets.indexSelect(0, indices));
    }

    /** Examples {@code start .. start+length-1} as views (no copy). */
    public Batch batch(int start, int length) {
        return new Batch(features.narrow(0, start, length), targets.narrow(0, start, length));
    }

    /** A new dataset of the examples at {@code indices} (INT64, shape {@code [K]}), in that order (a copy). */
    public TensorDataset subset(Tensor indices) {
        Batch b = batch(indices);
        return new TensorDataset(b.x(), b.y());
    }

    private static void checkIndices(Tensor indices) {
        if (indices.dtype() != DType.INT64 || indices.dim() != 1) {
            throw new IllegalArgumentException("TensorDataset: indices must be a 1-D int64 tensor, got "
                    + indices.dtype().shortName() + " of shape " + Arrays.toString(indices.shape()));
        }
    }

    @Override
    public String toString() {
        return "TensorDataset(size=" + size() + ", features=" + Arrays.toString(features.shape())
                + " " + features.dtype().shortName() + ", targets=" + Arrays.toString(targets.shape())
                + " " + targets.dtype().shortName() + ")";
    }
}
