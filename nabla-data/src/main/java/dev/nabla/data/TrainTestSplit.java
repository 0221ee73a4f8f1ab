package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * Features and targets of a train part and a test part, e.g. a benchmark's fixed split.
 * Shape: {@code xTrain [N, ...]}, {@code yTrain [N, ...]}, {@code xTest [M, ...]}, {@code yTest [M, ...]}.
 */
public record TrainTestSplit(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {

    /** The train part as a dataset. */
    public TensorDataset train() {
        return new TensorDataset(xTrain, yTrain);
    }

    /** The test part as a dataset. */
    public TensorDataset test() {
        return new TensorDataset(xTest, yTest);
    }
}
