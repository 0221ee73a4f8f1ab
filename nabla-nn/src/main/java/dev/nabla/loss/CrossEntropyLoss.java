package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices or class probabilities, as
 * {@code torch.nn.CrossEntropyLoss}: {@code logSoftmax} and {@code nll} in one stable step, with
 * optional class weights, an ignore index (default -100) and label smoothing.
 * Formulas and shapes: {@link ClassificationLosses#crossEntropy}; e.g. logits {@code [N, C]} and
 * INT64 targets {@code [N]}.
 */
public class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(null, ClassificationLosses.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }

    /** With label smoothing {@code labelSmoothing} and the other defaults. */
    public CrossEntropyLoss(double labelSmoothing) {
        this(null, ClassificationLosses.DEFAULT_IGNORE_INDEX, labelSmoothing, Reduction.MEAN);
    }

    /** {@code weight} ({@code [C]}) may be null. */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassificationLosses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }
}
