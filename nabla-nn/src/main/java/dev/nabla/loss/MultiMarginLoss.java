package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Multi-class hinge loss (the multi-class SVM's), as {@code torch.nn.MultiMarginLoss}; defaults
 * p 1, margin 1, no class weights. Formula and shapes: {@link MarginLosses#multiMargin}, e.g.
 * scores {@code [N, C]} and INT64 targets {@code [N]}.
 */
public class MultiMarginLoss extends Loss {
    private final int p;
    private final double margin;
    private final Tensor weight;

    public MultiMarginLoss() { this(1, 1, null, Reduction.MEAN); }

    /** {@code p} is 1 or 2; {@code weight} ({@code [C]}) may be null. */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(reduction);
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("MultiMarginLoss: p must be 1 or 2, got " + p);
        }
        this.p = p;
        this.margin = margin;
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return MarginLosses.multiMargin(input, target, p, margin, weight, reduction);
    }
}
