package dev.nabla.data.csv;

/**
 * What {@link CsvReader} does with a missing value: an empty field, {@code NA} or {@code NaN}
 * (any case).
 */
public enum MissingValues {
    /** Stop with an error naming the file, line and column (the default). */
    ERROR,
    /** Leave out every row with a missing value in a selected column. */
    DROP,
    /**
     * Replace a missing numeric feature by the column's mean over the rows that have it (or by the
     * fill value of a reused {@link CsvEncoding}). A missing target or categorical value is still an error.
     */
    MEAN_IMPUTE
}
