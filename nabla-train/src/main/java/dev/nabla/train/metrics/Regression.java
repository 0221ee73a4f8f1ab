package dev.nabla.train.metrics;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Regression metrics over all elements of predictions and targets of the same number of
 * elements (e.g. {@code [batch, 1]} and {@code [batch]}): MSE, RMSE, MAE and R². Running sums
 * are kept in double precision.
 */
public final class Regression implements Metric {

    /** Which quantity to report. */
    public enum Kind {
        /** {@code mean((p - y)^2)}. */
        MSE("mse"),
        /** {@code sqrt(mean((p - y)^2))}. */
        RMSE("rmse"),
        /** {@code mean(|p - y|)}. */
        MAE("mae"),
        /** Coefficient of determination {@code 1 - sum((y - p)^2) / sum((y - mean y)^2)}. */
        R2("r2");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Kind kind;
    private long count;
    private double sumSquaredError;
    private double sumAbsoluteError;
    private double sumTarget;
    private double sumTargetSquared;

    public Regression(Kind kind) {
        this.kind = kind;
    }

    /** Mean squared error. */
    public static Regression mse() { return new Regression(Kind.MSE); }

    /** Root mean squared error. */
    public static Regression rmse() { return new Regression(Kind.RMSE); }

    /** Mean absolute error. */
    public static Regression mae() { return new Regression(Kind.MAE); }

    /** R² score. */
    public static Regression r2() { return new Regression(Kind.R2); }

    @Override
    public String name() {
        return kind.label;
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        if (predictions.numel() != targets.numel()) {
            throw new IllegalArgumentException(name() + ": predictions " + Shape.str(predictions.shape())
                    + " and targets " + Shape.str(targets.shape()) + " have different numbers of elements");
        }
        double[] p = predictions.toDoubleArray();
        double[] y = targets.toDoubleArray();
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - y[i];
            sumSquaredError += e * e;
            sumAbsoluteError += Math.abs(e);
            sumTarget += y[i];
            sumTargetSquared += y[i] * y[i];
        }
        count += p.length;
    }

    @Override
    public double result() {
        if (count == 0) {
            return Double.NaN;
        }
        return switch (kind) {
            case MSE -> sumSquaredError / count;
            case RMSE -> Math.sqrt(sumSquaredError / count);
            case MAE -> sumAbsoluteError / count;
            case R2 -> 1 - sumSquaredError / (sumTargetSquared - sumTarget * sumTarget / count);
        };
    }

    @Override
    public void reset() {
        count = 0;
        sumSquaredError = 0;
        sumAbsoluteError = 0;
        sumTarget = 0;
        sumTargetSquared = 0;
    }
}
