package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Multi-label one-versus-all logistic loss, averaged over the classes, as
 * {@code torch.nn.MultiLabelSoftMarginLoss}; optional class weights. Formula and shapes:
 * {@link MarginLosses#multiLabelSoftMargin}, e.g. logits {@code [N, C]} and 0/1 targets alike.
 */
public class MultiLabelSoftMarginLoss extends Loss {
    private final Tensor weight;

    public MultiLabelSoftMarginLoss() { this(null, Reduction.MEAN); }

    /** {@code weight} ({@code [C]}) may be null. */
    public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return MarginLosses.multiLabelSoftMargin(input, target, weight, reduction);
    }
}
