package dev.nabla.train.metrics;

import dev.nabla.tensor.Tensor;

/**
 * Precision {@code TP / (TP + FP)}, recall {@code TP / (TP + FN)} and F1
 * {@code 2 P R / (P + R)}, from a running {@link ConfusionMatrix}. Binary problems score class 1;
 * multi-class problems average per-class scores (macro: plain mean; weighted: by class support;
 * micro: from the pooled counts). A score with a zero denominator counts as 0, as in scikit-learn.
 */
public final class ClassificationScore implements Metric {

    /** The score reported. */
    public enum Kind { PRECISION, RECALL, F1 }

    /** How per-class scores are combined. */
    public enum Average { BINARY, MACRO, MICRO, WEIGHTED }

    private final Kind kind;
    private final Average average;
    private final ConfusionMatrix counts;

    public ClassificationScore(Kind kind, Average average, int numClasses, double threshold) {
        if (average == Average.BINARY && numClasses != 2) {
            throw new IllegalArgumentException(kind + ": binary averaging needs 2 classes, got " + numClasses);
        }
        this.kind = kind;
        this.average = average;
        this.counts = new ConfusionMatrix(numClasses, threshold);
    }

    /** Binary precision of class 1, scores thresholded at 0.5. */
    public static ClassificationScore precision() { return new ClassificationScore(Kind.PRECISION, Average.BINARY, 2, 0.5); }

    /** Binary recall of class 1, scores thresholded at 0.5. */
    public static ClassificationScore recall() { return new ClassificationScore(Kind.RECALL, Average.BINARY, 2, 0.5); }

    /** Binary F1 of class 1, scores thresholded at 0.5. */
    public static ClassificationScore f1() { return new ClassificationScore(Kind.F1, Average.BINARY, 2, 0.5); }

    /** Multi-class F1 with the given averaging. */
    public static ClassificationScore f1(int numClasses, Average average) {
        return new ClassificationScore(Kind.F1, average, numClasses, 0.5);
    }

    @Override
    public String name() {
        String base = kind.name().toLowerCase(java.util.Locale.ROOT);
        return average == Average.BINARY ? base : base + "_" + average.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        counts.update(predictions, targets);
    }

    @Override
    public double result() {
        if (counts.total() == 0) {
            return Double.NaN;
        }
        int n = counts.numClasses();
        return switch (average) {
            case BINARY -> score(counts.truePositives(1), counts.falsePositives(1), counts.falseNegatives(1));
            case MICRO -> {
                long tp = 0;
                long fp = 0;
                long fn = 0;
                for (int c = 0; c < n; c++) {
                    tp += counts.truePositives(c);
                    fp += counts.falsePositives(c);
                    fn += counts.falseNegatives(c);
                }
                yield score(tp, fp, fn);
            }
            case MACRO, WEIGHTED -> {
                double sum = 0;
                double weights = 0;
                for (int c = 0; c < n; c++) {
                    long support = counts.truePositives(c) + counts.falseNegatives(c);
                    double w = average == Average.MACRO ? 1 : support;
                    sum += w * score(counts.truePositives(c), counts.falsePositives(c), counts.falseNegatives(c));
                    weights += w;
                }
                yield weights == 0 ? Double.NaN : sum / weights;
            }
        };
    }

    private double score(long tp, long fp, long fn) {
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        return switch (kind) {
            case PRECISION -> precision;
            case RECALL -> recall;
            case F1 -> precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        };
    }

    @Override
    public void reset() {
        counts.reset();
    }
}
