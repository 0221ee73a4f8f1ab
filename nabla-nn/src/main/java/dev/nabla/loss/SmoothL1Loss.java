package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Smooth L1 {@code l = |d| < beta ? 0.5 d^2 / beta : |d| - 0.5 beta}, {@code d = x - y}, as
 * {@code torch.nn.SmoothL1Loss} (default beta 1). Shape: input and target {@code [*]} alike.
 */
public class SmoothL1Loss extends Loss {
    private final double beta;

    public SmoothL1Loss() { this(1.0, Reduction.MEAN); }

    public SmoothL1Loss(double beta, Reduction reduction) {
        super(reduction);
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.smoothL1(input, target, beta, reduction); }
}
