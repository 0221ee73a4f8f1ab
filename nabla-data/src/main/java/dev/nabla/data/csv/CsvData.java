package dev.nabla.data.csv;

import dev.nabla.data.TabularData;
import dev.nabla.data.TensorDataset;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * What {@link CsvReader} read: the feature matrix, the target, the column names and the fitted
 * encoders.
 *
 * @param features shape {@code [N, F]}: numeric columns as they are, one-hot columns expanded
 * @param target shape {@code [N, 1]} for a numeric target, {@code [N]} INT64 for a categorical
 *     (label-encoded) one; null when no target was chosen
 * @param featureNames the {@code F} names of the feature columns ({@code column=category} for one-hot indicators)
 * @param targetName the target column, or null
 * @param encoding the fitted encoders and fill values, to reuse on other files
 * @param droppedRows how many rows {@link MissingValues#DROP} left out
 */
public record CsvData(Tensor features, Tensor target, List<String> featureNames, String targetName,
                      CsvEncoding encoding, int droppedRows) {

    public CsvData {
        featureNames = List.copyOf(featureNames);
    }

    /** The number of rows read. */
    public int size() {
        return features.size(0);
    }

    /** As {@link TabularData} (needs a target). */
    public TabularData toTabular() {
        requireTarget();
        return new TabularData(features, target, featureNames, targetName);
    }

    /** As a dataset of {@code (features[i], target[i])} (needs a target). */
    public TensorDataset toDataset() {
        requireTarget();
        return new TensorDataset(features, target);
    }

    private void requireTarget() {
        if (target == null) {
            throw new IllegalStateException("CsvData: no target column was chosen; use CsvReader.target(name)");
        }
    }
}
