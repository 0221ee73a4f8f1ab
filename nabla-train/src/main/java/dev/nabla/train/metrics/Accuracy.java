package dev.nabla.train.metrics;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Fraction of examples classified correctly. Predictions are {@code [batch]} / {@code [batch, 1]}
 * scores (binary: thresholded) or {@code [batch, classes]} scores (argmax); targets are class
 * indices {@code [batch]} (sparse) or one-hot {@code [batch, classes]} (categorical). With
 * {@code k > 1}, an example counts as correct when its class is among the k highest scores.
 */
public final class Accuracy implements Metric {
    private final String name;
    private final double threshold;
    private final int k;
    private long correct;
    private long total;

    private Accuracy(String name, double threshold, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("accuracy: k must be >= 1, got " + k);
        }
        this.name = name;
        this.threshold = threshold;
        this.k = k;
    }

    /** Keras's {@code BinaryAccuracy}: scores above 0.5 are class 1. */
    public static Accuracy binary() { return new Accuracy("binary_accuracy", 0.5, 1); }

    /** Binary accuracy with a chosen threshold (e.g. 0 for logits). */
    public static Accuracy binary(double threshold) { return new Accuracy("binary_accuracy", threshold, 1); }

    /** Keras's {@code CategoricalAccuracy} (one-hot targets) and {@code SparseCategoricalAccuracy} (indices). */
    public static Accuracy categorical() { return new Accuracy("accuracy", 0.5, 1); }

    /** Top-k accuracy over {@code [batch, classes]} scores. */
    public static Accuracy topK(int k) { return new Accuracy("top" + k + "_accuracy", 0.5, k); }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        long[] actual = Labels.actual(predictions, targets);
        if (k == 1) {
            long[] predicted = Labels.predicted(predictions, threshold);
            Labels.checkBatch(name, predicted, actual, predictions, targets);
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == actual[i] ? 1 : 0;
            }
        } else {
            if (predictions.dim() != 2) {
                throw new IllegalArgumentException(name + ": expected [batch, classes] scores, got "
                        + Shape.str(predictions.shape()));
            }
            float[] p = predictions.toFloatArray();
            int classes = predictions.size(1);
            Labels.checkBatch(name, new long[predictions.size(0)], actual, predictions, targets);
            for (int i = 0; i < actual.length; i++) {
                float target = p[i * classes + (int) actual[i]];
                int higher = 0;
                for (int c = 0; c < classes; c++) {
                    higher += p[i * classes + c] > target ? 1 : 0;
                }
                correct += higher < k ? 1 : 0;
            }
        }
        total += actual.length;
    }

    @Override
    public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }
}
