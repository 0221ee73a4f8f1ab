package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * A table of examples: a feature matrix, a target, and the names of both.
 *
 * @param features shape {@code [N, F]}
 * @param target shape {@code [N, 1]} for a regression target, {@code [N]} (INT64) for class indices
 * @param featureNames the {@code F} column names of {@code features}
 * @param targetName the name of the target
 */
public record TabularData(Tensor features, Tensor target, List<String> featureNames, String targetName) {

    public TabularData {
        featureNames = List.copyOf(featureNames);
        if (features.dim() != 2 || features.size(1) != featureNames.size()) {
            throw new IllegalArgumentException("TabularData: features of shape " + java.util.Arrays.toString(features.shape())
                    + " do not match " + featureNames.size() + " feature names");
        }
    }

    /** The number of examples {@code N}. */
    public int size() {
        return features.size(0);
    }

    /** The table as a dataset of {@code (features[i], target[i])}. */
    public TensorDataset toDataset() {
        return new TensorDataset(features, target);
    }
}
