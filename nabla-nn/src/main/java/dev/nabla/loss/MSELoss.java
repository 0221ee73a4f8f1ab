package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Mean squared error {@code l = (x - y)^2}, reduced, as {@code torch.nn.MSELoss}.
 * Shape: input and target {@code [*]} alike; output a scalar, or {@code [*]} with {@code NONE}.
 */
public class MSELoss extends Loss {
    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.mse(input, target, reduction); }
}
