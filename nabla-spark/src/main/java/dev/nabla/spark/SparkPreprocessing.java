package dev.nabla.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_pop;

import dev.nabla.data.preprocessing.StandardScaler;
import dev.nabla.train.io.TabularPreprocessing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code nabla train}'s preprocessing, fitted and applied on a DataFrame by Spark: features
 * standardised ({@code (x - mean) / scale}, population standard deviation, scale 1 for a constant
 * column), a regression target standardised too, a classification target's values (as strings,
 * sorted) as the class labels. The result is the same {@link TabularPreprocessing} that
 * {@code nabla predict} and {@link NablaModel} apply.
 */
public final class SparkPreprocessing {
    /** The column of scaled features written by {@link #apply}. */
    public static final String FEATURES = "features";
    /** The column of targets (class index, or scaled value) written by {@link #apply}. */
    public static final String LABEL = "label";

    private SparkPreprocessing() {
    }

    /** Fits the preprocessing on {@code train} (aggregations only; nothing but the statistics reach the driver). */
    public static TabularPreprocessing fit(Dataset<Row> train, List<String> features, String target, String task) {
        RowReader.of(train.schema(), features.toArray(String[]::new), task.equals("regression") ? target : null);
        if (!Arrays.asList(train.schema().fieldNames()).contains(target)) {
            throw new IllegalArgumentException("spark: no column '" + target + "' in the DataFrame");
        }
        StandardScaler fs = scaler(train, features);
        if (task.equals("classification")) {
            List<String> classes = new ArrayList<>();
            for (Row r : train.select(col(target).cast(DataTypes.StringType)).distinct().collectAsList()) {
                if (r.isNullAt(0)) {
                    throw new IllegalArgumentException("spark: target column '" + target + "' has a null");
                }
                classes.add(r.getString(0));
            }
            classes.sort(null);
            return new TabularPreprocessing(task, features, target, fs, null, classes, Map.of());
        }
        return new TabularPreprocessing(task, features, target, fs, scaler(train, List.of(target)), null, Map.of());
    }

    private static StandardScaler scaler(Dataset<Row> data, List<String> columns) {
        List<Column> aggs = new ArrayList<>();
        for (String c : columns) {
            aggs.add(avg(col(c)));
            aggs.add(stddev_pop(col(c)));
        }
        Row stats = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        double[] mean = new double[columns.size()];
        double[] scale = new double[columns.size()];
        for (int j = 0; j < mean.length; j++) {
            if (stats.isNullAt(2 * j)) {
                throw new IllegalArgumentException("spark: column '" + columns.get(j) + "' has no values");
            }
            mean[j] = stats.getDouble(2 * j);
            double sd = stats.getDouble(2 * j + 1);
            scale[j] = sd > 0 ? sd : 1;
        }
        return new StandardScaler(mean, scale);
    }

    /**
     * The rows of {@code data} as {@link #FEATURES} (scaled, an array of floats) and {@link #LABEL}
     * (the class index as a long, or the scaled target as a double), for {@link SparkTrainer#fit}.
     */
    public static Dataset<Row> apply(Dataset<Row> data, TabularPreprocessing p) {
        double[] mean = p.featureScaler().mean();
        double[] scale = p.featureScaler().scale();
        Column[] scaled = new Column[mean.length];
        for (int j = 0; j < mean.length; j++) {
            scaled[j] = col(p.features().get(j)).minus(mean[j]).divide(scale[j]).cast(DataTypes.FloatType);
        }
        Column target = col(p.target());
        Column label = p.classification()
                ? array_position(array(p.classes().stream().map(c -> lit(c)).toArray(Column[]::new)),
                        target.cast(DataTypes.StringType)).minus(1).cast(DataTypes.LongType)
                : target.minus(p.targetScaler().mean()[0]).divide(p.targetScaler().scale()[0]).cast(DataTypes.DoubleType);
        return data.select(array(scaled).as(FEATURES), label.as(LABEL));
    }
}
