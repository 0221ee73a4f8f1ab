package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * Disjoint example indices of a train/validation/test split, each an INT64 tensor of shape
 * {@code [K]} (validation or test may be empty, {@code K = 0}).
 */
public record SplitIndices(Tensor train, Tensor validation, Tensor test) {

    /** The three parts of {@code dataset} (copies of the selected examples). */
    public DatasetSplit apply(TensorDataset dataset) {
        return new DatasetSplit(dataset.subset(train), dataset.subset(validation), dataset.subset(test));
    }
}
