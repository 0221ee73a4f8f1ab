package dev.nabla.data.csv;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.data.preprocessing.LabelEncoder;
import dev.nabla.data.preprocessing.OneHotEncoder;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * Turns the columns read by {@link CsvReader} into tensors: drops or imputes, encodes, stacks.
 * Each feature is a function of the kept row, written straight into the one feature matrix, so
 * that no per-column copy of the data is made (peak memory: the compact columns and the matrix).
 */
final class CsvAssembler {
    private final String source;
    private final int[] keep;
    private final int[] lines;
    private final CsvEncoding using;
    private final Map<String, OneHotEncoder> oneHot = new HashMap<>();
    private final Map<String, LabelEncoder> labels = new HashMap<>();
    private final Map<String, Double> fills = new HashMap<>();

    private CsvAssembler(String source, int[] keep, int[] lines, CsvEncoding using) {
        this.source = source;
        this.keep = keep;
        this.lines = lines;
        this.using = using;
    }

    static CsvData assemble(String source, List<Column> columns, int[] lines, BitSet incomplete,
                            MissingValues missing, CsvEncoding using, DType dtype) {
        int[] keep = missing == MissingValues.DROP
                ? IntStream.range(0, lines.length).filter(r -> !incomplete.get(r)).toArray()
                : IntStream.range(0, lines.length).toArray();
        CsvAssembler a = new CsvAssembler(source, keep, lines, using);
        List<IntToDoubleFunction> featureColumns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Column targetColumn = null;
        for (Column c : columns) {
            if (c.target) {
                targetColumn = c;
            } else {
                a.addFeature(c, featureColumns, names);
            }
        }
        Tensor features = a.matrix(featureColumns, dtype);
        Tensor target = targetColumn == null ? null : a.target(targetColumn, dtype);
        return new CsvData(features, target, names, targetColumn == null ? null : targetColumn.name,
                new CsvEncoding(a.oneHot, a.labels, a.fills), lines.length - keep.length);
    }

    private void addFeature(Column c, List<IntToDoubleFunction> out, List<String> names) {
        switch (c.kind) {
            case NUMERIC -> {
                out.add(numbers(c));
                names.add(c.name);
            }
            case LABEL -> {
                int[] idx = labelIndices(c);
                out.add(i -> idx[i]);
                names.add(c.name);
            }
            case ONE_HOT -> {
                OneHotEncoder reused = using.oneHot().get(c.name);
                OneHotEncoder enc = reused != null ? reused : new OneHotEncoder().fit(strings(c));
                oneHot.put(c.name, enc);
                int[] idx = new int[keep.length];
                for (int i = 0; i < keep.length; i++) {
                    idx[i] = encode(c, i, enc::indexOf);
                }
                for (int k = 0; k < enc.categories().size(); k++) {
                    int category = k;
                    out.add(i -> idx[i] == category ? 1 : 0);
                }
                names.addAll(enc.featureNames(c.name));
            }
        }
    }

    /** The kept values of a numeric column, missing ones replaced by the fill value. */
    private IntToDoubleFunction numbers(Column c) {
        double sum = 0;
        int count = 0;
        for (int r : keep) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        if (count == keep.length) {
            if (using.fillValues().containsKey(c.name)) {
                fills.put(c.name, using.fillValues().get(c.name));
            }
            return i -> c.number(keep[i]);
        }
        Double fill = using.fillValues().get(c.name);
        if (fill == null && count == 0) {
            throw new CsvFormatException(source, 0, c.number, c.name, "every value is missing; nothing to impute from");
        }
        double f = fill != null ? fill : sum / count;
        fills.put(c.name, f);
        return i -> {
            double v = c.number(keep[i]);
            return Double.isNaN(v) ? f : v;
        };
    }

    private int[] labelIndices(Column c) {
        LabelEncoder reused = using.labels().get(c.name);
        LabelEncoder enc = reused != null ? reused : new LabelEncoder().fit(strings(c));
        labels.put(c.name, enc);
        int[] v = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            v[i] = encode(c, i, s -> (int) enc.encode(s));
        }
        return v;
    }

    private Tensor target(Column c, DType dtype) {
        if (c.kind == Column.Kind.NUMERIC) {
            return matrix(List.of(numbers(c)), dtype);
        }
        int[] v = labelIndices(c);
        long[] idx = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = v[i];
        }
        return Tensor.of(idx, idx.length);
    }

    private List<String> strings(Column c) {
        List<String> s = new ArrayList<>(keep.length);
        for (int r : keep) {
            s.add(c.string(r));
        }
        return s;
    }

    private int encode(Column c, int i, ToIntFunction<String> encoder) {
        try {
            return encoder.applyAsInt(c.string(keep[i]));
        } catch (IllegalArgumentException e) {
            throw new CsvFormatException(source, lines[keep[i]], c.number, c.name, e.getMessage());
        }
    }

    /** The {@code [n, columns]} matrix, filled in place (no copy of the array is made). */
    private Tensor matrix(List<IntToDoubleFunction> cols, DType dtype) {
        int n = keep.length;
        int f = cols.size();
        if ((long) n * f > Integer.MAX_VALUE - 8) {
            throw new CsvFormatException(source, 0, 0, null, n + " rows of " + f + " values are more than one tensor holds");
        }
        Object values;
        if (dtype == DType.FLOAT64) {
            double[] m = new double[n * f];
            for (int j = 0; j < f; j++) {
                IntToDoubleFunction col = cols.get(j);
                for (int i = 0; i < n; i++) {
                    m[i * f + j] = col.applyAsDouble(i);
                }
            }
            values = m;
        } else {
            float[] m = new float[n * f];
            for (int j = 0; j < f; j++) {
                IntToDoubleFunction col = cols.get(j);
                for (int i = 0; i < n; i++) {
                    m[i * f + j] = (float) col.applyAsDouble(i);
                }
            }
            values = m;
        }
        Backend backend = Backends.getDefault();
        return new Tensor(backend.upload(values, new int[] {n, f}), backend);
    }
}
