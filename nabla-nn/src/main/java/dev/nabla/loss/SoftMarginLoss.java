package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Two-class logistic loss {@code log(1 + exp(-y x))} for targets 1 and -1, as
 * {@code torch.nn.SoftMarginLoss}. Shapes: {@link MarginLosses#softMargin}.
 */
public class SoftMarginLoss extends Loss {
    public SoftMarginLoss() { this(Reduction.MEAN); }

    public SoftMarginLoss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return MarginLosses.softMargin(input, target, reduction); }
}
