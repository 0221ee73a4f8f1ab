package dev.nabla.data.preprocessing;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rescales each feature linearly so that the minimum and maximum seen by {@link #fit} (the
 * training split only) map to {@code min} and {@code max} of the feature range (default
 * {@code [0, 1]}): {@code y = (x - dataMin) / (dataMax - dataMin) * (max - min) + min}. A constant
 * feature maps to {@code min}. As scikit-learn's {@code MinMaxScaler}, values outside the
 * training range map outside the feature range.
 *
 * <p>Shape: {@code [N, F]} (or {@code [N]}) in and out; the output keeps the input's dtype and backend.
 */
public final class MinMaxScaler {
    private final double min;
    private final double max;
    private double[] dataMin;
    private double[] dataMax;

    /** An unfitted scaler to {@code [0, 1]}. */
    public MinMaxScaler() {
        this(0, 1);
    }

    /** An unfitted scaler to {@code [min, max]}. */
    public MinMaxScaler(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("MinMaxScaler: the feature range needs min < max, got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
    }

    /** Learns each feature's minimum and maximum from {@code x}; returns {@code this}. */
    public MinMaxScaler fit(Tensor x) {
        double[][] cols = Columns.columns("MinMaxScaler.fit", x);
        dataMin = new double[cols.length];
        dataMax = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : cols[j]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            dataMin[j] = lo;
            dataMax[j] = hi;
        }
        return this;
    }

    /** Maps {@code x} into the feature range. */
    public Tensor transform(Tensor x) {
        check(x);
        return x.mul(Columns.row(scale(), x)).add(Columns.row(offset(), x));
    }

    /** {@link #fit} then {@link #transform} on the same data. */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** Maps scaled values back to the original units. */
    public Tensor inverseTransform(Tensor y) {
        check(y);
        return y.sub(Columns.row(offset(), y)).div(Columns.row(scale(), y));
    }

    /** Per-feature minimum seen by {@link #fit} (a copy). */
    public double[] dataMin() {
        Columns.checkFitted("MinMaxScaler", dataMin);
        return dataMin.clone();
    }

    /** Per-feature maximum seen by {@link #fit} (a copy). */
    public double[] dataMax() {
        Columns.checkFitted("MinMaxScaler", dataMax);
        return dataMax.clone();
    }

    /** The feature range as {@code {min, max}}. */
    public double[] featureRange() {
        return new double[] {min, max};
    }

    /** The fitted state as plain arrays: {@code "dataMin"}, {@code "dataMax"}, {@code "featureRange"}. */
    public Map<String, double[]> state() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("dataMin", dataMin());
        m.put("dataMax", dataMax());
        m.put("featureRange", featureRange());
        return m;
    }

    /** A scaler restored from {@link #state()}. */
    public static MinMaxScaler fromState(Map<String, double[]> state) {
        double[] range = Columns.require(state, "featureRange", "MinMaxScaler");
        double[] lo = Columns.require(state, "dataMin", "MinMaxScaler");
        double[] hi = Columns.require(state, "dataMax", "MinMaxScaler");
        if (range.length != 2 || lo.length != hi.length) {
            throw new IllegalArgumentException("MinMaxScaler: inconsistent state (featureRange needs 2 values, dataMin and dataMax equal lengths)");
        }
        MinMaxScaler s = new MinMaxScaler(range[0], range[1]);
        s.dataMin = lo;
        s.dataMax = hi;
        return s;
    }

    private double[] scale() {
        double[] s = new double[dataMin.length];
        for (int j = 0; j < s.length; j++) {
            double span = dataMax[j] - dataMin[j];
            s[j] = (max - min) / (span > 0 ? span : 1);
        }
        return s;
    }

    private double[] offset() {
        double[] s = scale();
        double[] o = new double[s.length];
        for (int j = 0; j < o.length; j++) {
            o[j] = min - dataMin[j] * s[j];
        }
        return o;
    }

    private void check(Tensor x) {
        Columns.checkFitted("MinMaxScaler", dataMin);
        Columns.checkWidth("MinMaxScaler", x, dataMin.length);
    }
}
