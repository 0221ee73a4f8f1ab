package dev.nabla.data.datasets;

import dev.nabla.data.TrainTestSplit;
import dev.nabla.data.preprocessing.StandardScaler;

/**
 * A train/test split whose features were standardized with statistics of the train part only.
 *
 * @param data the standardized split
 * @param scaler the scaler fitted on the train features (to standardize new inputs the same way)
 */
public record StandardizedSplit(TrainTestSplit data, StandardScaler scaler) {
}
