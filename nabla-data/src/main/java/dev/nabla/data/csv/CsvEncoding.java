package dev.nabla.data.csv;

import dev.nabla.data.preprocessing.LabelEncoder;
import dev.nabla.data.preprocessing.OneHotEncoder;
import java.util.Map;

/**
 * What {@link CsvReader} fitted on one file and can reapply to another (e.g. fitted on the
 * training file, reused for the test file with {@link CsvReader#using(CsvEncoding)}).
 *
 * @param oneHot the one-hot encoders of categorical feature columns, by column name
 * @param labels the label encoders of label-encoded columns (and of a categorical target), by column name
 * @param fillValues the means used to impute missing numeric features, by column name
 */
public record CsvEncoding(Map<String, OneHotEncoder> oneHot, Map<String, LabelEncoder> labels,
                          Map<String, Double> fillValues) {

    public CsvEncoding {
        oneHot = Map.copyOf(oneHot);
        labels = Map.copyOf(labels);
        fillValues = Map.copyOf(fillValues);
    }

    /** Nothing fitted. */
    public static CsvEncoding empty() {
        return new CsvEncoding(Map.of(), Map.of(), Map.of());
    }
}
