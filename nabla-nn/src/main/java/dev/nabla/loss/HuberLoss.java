package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Huber loss {@code l = |d| <= delta ? 0.5 d^2 : delta (|d| - 0.5 delta)}, {@code d = x - y}, as
 * {@code torch.nn.HuberLoss} (default delta 1). Shape: input and target {@code [*]} alike.
 */
public class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() { this(1.0, Reduction.MEAN); }

    public HuberLoss(double delta, Reduction reduction) {
        super(reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.huber(input, target, delta, reduction); }
}
