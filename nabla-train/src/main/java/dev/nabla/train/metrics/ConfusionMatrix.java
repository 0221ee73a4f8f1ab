package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs: {@code matrix()[t][p]}. Accepts the same
 * predictions and targets as {@link Accuracy}; binary scores are thresholded at 0.5 (or the
 * given threshold).
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final double threshold;

    /** A matrix for {@code numClasses} classes (2 for binary problems). */
    public ConfusionMatrix(int numClasses) {
        this(numClasses, 0.5);
    }

    public ConfusionMatrix(int numClasses, double threshold) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("confusion matrix: need at least 2 classes, got " + numClasses);
        }
        this.counts = new long[numClasses][numClasses];
        this.threshold = threshold;
    }

    /** Adds a batch of predictions and targets. */
    public void update(Tensor predictions, Tensor targets) {
        long[] predicted = Labels.predicted(predictions, threshold);
        long[] actual = Labels.actual(predictions, targets);
        Labels.checkBatch("confusion matrix", predicted, actual, predictions, targets);
        for (int i = 0; i < predicted.length; i++) {
            check(actual[i]);
            check(predicted[i]);
            counts[(int) actual[i]][(int) predicted[i]]++;
        }
    }

    private void check(long label) {
        if (label < 0 || label >= counts.length) {
            throw new IllegalArgumentException("confusion matrix: class " + label + " is outside [0, "
                    + counts.length + ")");
        }
    }

    /** A copy of the counts, rows are true classes and columns predicted classes. */
    public long[][] matrix() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of classes. */
    public int numClasses() {
        return counts.length;
    }

    /** Number of examples counted. */
    long total() {
        long s = 0;
        for (long[] row : counts) {
            for (long c : row) {
                s += c;
            }
        }
        return s;
    }

    /** Examples of class {@code c} predicted as {@code c}. */
    long truePositives(int c) {
        return counts[c][c];
    }

    /** Examples predicted as {@code c} that are not {@code c}. */
    long falsePositives(int c) {
        long s = 0;
        for (int t = 0; t < counts.length; t++) {
            s += t == c ? 0 : counts[t][c];
        }
        return s;
    }

    /** Examples of class {@code c} predicted as something else. */
    long falseNegatives(int c) {
        long s = 0;
        for (int p = 0; p < counts.length; p++) {
            s += p == c ? 0 : counts[c][p];
        }
        return s;
    }

    /** Forgets all counts. */
    public void reset() {
        for (long[] row : counts) {
            java.util.Arrays.fill(row, 0);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("true\\pred");
        for (int p = 0; p < counts.length; p++) {
            sb.append('\t').append(p);
        }
        for (int t = 0; t < counts.length; t++) {
            sb.append('\n').append(t);
            for (long c : counts[t]) {
                sb.append('\t').append(c);
            }
        }
        return sb.toString();
    }
}
