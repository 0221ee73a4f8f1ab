package dev.nabla.data.csv;

import dev.nabla.backend.DType;
import dev.nabla.data.preprocessing.LabelEncoder;
import dev.nabla.data.preprocessing.OneHotEncoder;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the columns read by {@link CsvReader} into tensors: drops or imputes, encodes, stacks. */
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
                ? java.util.stream.IntStream.range(0, lines.length).filter(r -> !incomplete.get(r)).toArray()
                : java.util.stream.IntStream.range(0, lines.length).toArray();
        CsvAssembler a = new CsvAssembler(source, keep, lines, using);
        List<double[]> featureColumns = new ArrayList<>();
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

    private void addFeature(Column c, List<double[]> out, List<String> names) {
        switch (c.kind) {
            case NUMERIC -> {
                out.add(numbers(c));
                names.add(c.name);
            }
            case LABEL -> {
                out.add(labelIndices(c));
                names.add(c.name);
            }
            case ONE_HOT -> {
                OneHotEncoder reused = using.oneHot().get(c.name);
                OneHotEncoder enc = reused != null ? reused : new OneHotEncoder().fit(strings(c));
                oneHot.put(c.name, enc);
                int k = enc.categories().size();
                double[][] ind = new double[k][keep.length];
                for (int i = 0; i < keep.length; i++) {
                    ind[encode(c, i, enc::indexOf)][i] = 1;
                }
                out.addAll(List.of(ind));
                names.addAll(enc.featureNames(c.name));
            }
        }
    }

    private double[] numbers(Column c) {
        double[] v = new double[keep.length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < keep.length; i++) {
            v[i] = c.number(keep[i]);
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                count++;
            }
        }
        if (count < keep.length) {
            Double fill = using.fillValues().get(c.name);
            if (fill == null && count == 0) {
                throw new CsvFormatException(source, 0, c.number, c.name, "every value is missing; nothing to impute from");
            }
            double f = fill != null ? fill : sum / count;
            fills.put(c.name, f);
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    v[i] = f;
                }
            }
        } else if (using.fillValues().containsKey(c.name)) {
            fills.put(c.name, using.fillValues().get(c.name));
        }
        return v;
    }

    private double[] labelIndices(Column c) {
        LabelEncoder reused = using.labels().get(c.name);
        LabelEncoder enc = reused != null ? reused : new LabelEncoder().fit(strings(c));
        labels.put(c.name, enc);
        double[] v = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            v[i] = encode(c, i, s -> (int) enc.encode(s));
        }
        return v;
    }

    private Tensor target(Column c, DType dtype) {
        if (c.kind == Column.Kind.NUMERIC) {
            return column(numbers(c), dtype).reshape(keep.length, 1);
        }
        double[] v = labelIndices(c);
        long[] idx = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = (long) v[i];
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

    private int encode(Column c, int i, java.util.function.ToIntFunction<String> encoder) {
        try {
            return encoder.applyAsInt(c.string(keep[i]));
        } catch (IllegalArgumentException e) {
            throw new CsvFormatException(source, lines[keep[i]], c.number, c.name, e.getMessage());
        }
    }

    private Tensor matrix(List<double[]> cols, DType dtype) {
        int n = keep.length;
        int f = cols.size();
        if (dtype == DType.FLOAT64) {
            double[] m = new double[n * f];
            for (int j = 0; j < f; j++) {
                double[] col = cols.get(j);
                for (int i = 0; i < n; i++) {
                    m[i * f + j] = col[i];
                }
            }
            return Tensor.of(m, n, f);
        }
        float[] m = new float[n * f];
        for (int j = 0; j < f; j++) {
            double[] col = cols.get(j);
            for (int i = 0; i < n; i++) {
                m[i * f + j] = (float) col[i];
            }
        }
        return Tensor.of(m, n, f);
    }

    private static Tensor column(double[] v, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return Tensor.of(v, v.length);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, f.length);
    }
}
