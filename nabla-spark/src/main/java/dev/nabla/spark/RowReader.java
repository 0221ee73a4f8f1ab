package dev.nabla.spark;

import dev.nabla.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns DataFrame rows into tensors: the feature columns, each a number, an array of numbers or
 * a Spark ML {@code Vector}, side by side into {@code x} {@code [n, features]} (float32); an
 * integer label column into class indices {@code [n]} (int64), a floating one into {@code [n, 1]}.
 * Checked against the schema on the driver, so a wrong column fails before any task starts.
 */
final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] features;
    private final String label;
    private final boolean classes;
    private final int[] featureIndex;
    private final int labelIndex;

    private RowReader(StructType schema, String[] features, String label, boolean classes) {
        this.features = features;
        this.label = label;
        this.classes = classes;
        this.featureIndex = Arrays.stream(features).mapToInt(schema::fieldIndex).toArray();
        this.labelIndex = label == null ? -1 : schema.fieldIndex(label);
    }

    /** A reader of {@code features} (and {@code label} unless null) of rows with {@code schema}. */
    static RowReader of(StructType schema, String[] features, String label) {
        if (features.length == 0) {
            throw new IllegalArgumentException("spark: no feature columns given");
        }
        for (String f : features) {
            DataType t = field(schema, f).dataType();
            boolean ok = t instanceof NumericType || t instanceof ArrayType a && a.elementType() instanceof NumericType
                    || t.typeName().equals("vector");
            if (!ok) {
                throw new IllegalArgumentException("spark: feature column '" + f + "' has type " + t.simpleString()
                        + "; expected a number, an array of numbers or a vector");
            }
        }
        boolean classes = false;
        if (label != null) {
            DataType t = field(schema, label).dataType();
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("spark: label column '" + label + "' has type " + t.simpleString()
                        + "; expected a number (an integer for class indices)");
            }
            classes = t == DataTypes.IntegerType || t == DataTypes.LongType || t == DataTypes.ShortType
                    || t == DataTypes.ByteType;
        }
        return new RowReader(schema, features.clone(), label, classes);
    }

    private static StructField field(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("spark: no column '" + name + "' in the DataFrame; it has "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(name);
    }

    /** The columns to select, features then label. */
    String[] columns() {
        String[] out = Arrays.copyOf(features, features.length + (label == null ? 0 : 1));
        if (label != null) {
            out[features.length] = label;
        }
        return out;
    }

    /** Reads rows of the schema given to {@link #of}: {@code {x, y}} ({@code y} null without a label). */
    Tensor[] read(Iterator<Row> rows) {
        FloatList x = new FloatList();
        FloatList y = new FloatList();
        int width = -1;
        int n = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            int before = x.size;
            for (int i = 0; i < features.length; i++) {
                add(x, row, i);
            }
            int w = x.size - before;
            if (width >= 0 && w != width) {
                throw new IllegalArgumentException("spark: a row has " + w + " feature values, an earlier one " + width);
            }
            width = w;
            if (label != null) {
                if (row.isNullAt(labelIndex)) {
                    throw new IllegalArgumentException("spark: label column '" + label + "' has a null");
                }
                y.add(((Number) row.get(labelIndex)).floatValue());
            }
            n++;
        }
        Tensor xt = Tensor.of(x.trimmed(), n, Math.max(width, 0));
        Tensor yt = null;
        if (label != null) {
            float[] v = y.trimmed();
            if (classes) {
                long[] idx = new long[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = (long) v[i];
                }
                yt = Tensor.of(idx, n);
            } else {
                yt = Tensor.of(v, n, 1);
            }
        }
        return new Tensor[] {xt, yt};
    }

    private void add(FloatList x, Row row, int column) {
        int i = featureIndex[column];
        if (row.isNullAt(i)) {
            throw new IllegalArgumentException("spark: feature column '" + features[column] + "' has a null");
        }
        Object v = row.get(i);
        if (v instanceof Number num) {
            x.add(num.floatValue());
        } else if (v instanceof Vector vec) {
            for (double d : vec.toArray()) {
                x.add((float) d);
            }
        } else {
            List<Object> list = row.getList(i);
            for (Object o : list) {
                x.add(((Number) o).floatValue());
            }
        }
    }

    /** A growable float array (no boxing). */
    private static final class FloatList {
        float[] data = new float[1024];
        int size;

        void add(float v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        float[] trimmed() {
            return Arrays.copyOf(data, size);
        }
    }
}
