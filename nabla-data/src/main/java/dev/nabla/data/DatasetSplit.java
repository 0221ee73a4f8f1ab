package dev.nabla.data;

/** A dataset split into train, validation and test parts (validation or test may be empty). */
public record DatasetSplit(TensorDataset train, TensorDataset validation, TensorDataset test) {
}
