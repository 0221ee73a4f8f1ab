package dev.nabla.data.preprocessing;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Standardizes each feature to zero mean and unit variance: {@code z = (x - mean) / scale}, where
 * {@code mean} and {@code scale} (the population standard deviation, as NumPy's {@code std()} and
 * scikit-learn's {@code StandardScaler}) come from the data passed to {@link #fit}, which should be
 * the training split only. A constant feature gets scale 1. Statistics are computed in double.
 *
 * <p>Shape: {@code [N, F]} (or {@code [N]}, one feature) in and out; the output keeps the input's
 * dtype and backend.
 */
public final class StandardScaler {
    private double[] mean;
    private double[] scale;

    /** An unfitted scaler. */
    public StandardScaler() {
    }

    /** A fitted scaler with the given statistics (e.g. restored with a model). */
    public StandardScaler(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("StandardScaler: mean has " + mean.length + " values but scale has "
                    + scale.length);
        }
        for (double s : scale) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("StandardScaler: scales must be positive and finite, got " + s);
            }
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /** Learns each feature's mean and standard deviation from {@code x}; returns {@code this}. */
    public StandardScaler fit(Tensor x) {
        double[][] cols = Columns.columns("StandardScaler.fit", x);
        mean = new double[cols.length];
        scale = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            double s = 0;
            for (double v : cols[j]) {
                s += v;
            }
            double m = s / cols[j].length;
            double ss = 0;
            for (double v : cols[j]) {
                ss += (v - m) * (v - m);
            }
            double sd = Math.sqrt(ss / cols[j].length);
            mean[j] = m;
            scale[j] = sd > 0 ? sd : 1;
        }
        return this;
    }

    /** {@code (x - mean) / scale}. */
    public Tensor transform(Tensor x) {
        check(x);
        return x.sub(Columns.row(mean, x)).div(Columns.row(scale, x));
    }

    /** {@link #fit} then {@link #transform} on the same data. */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** {@code z * scale + mean}: back to the original units (e.g. for predictions). */
    public Tensor inverseTransform(Tensor z) {
        check(z);
        return z.mul(Columns.row(scale, z)).add(Columns.row(mean, z));
    }

    /** The per-feature means (a copy). */
    public double[] mean() {
        Columns.checkFitted("StandardScaler", mean);
        return mean.clone();
    }

    /** The per-feature scales, i.e. standard deviations (a copy). */
    public double[] scale() {
        Columns.checkFitted("StandardScaler", scale);
        return scale.clone();
    }

    /** The fitted state as plain arrays, keys {@code "mean"} and {@code "scale"}. */
    public Map<String, double[]> state() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("mean", mean());
        m.put("scale", scale());
        return m;
    }

    /** A scaler restored from {@link #state()}. */
    public static StandardScaler fromState(Map<String, double[]> state) {
        return new StandardScaler(Columns.require(state, "mean", "StandardScaler"),
                Columns.require(state, "scale", "StandardScaler"));
    }

    private void check(Tensor x) {
        Columns.checkFitted("StandardScaler", mean);
        Columns.checkWidth("StandardScaler", x, mean.length);
    }
}
