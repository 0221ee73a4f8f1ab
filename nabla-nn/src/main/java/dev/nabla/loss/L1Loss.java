package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Mean absolute error {@code l = |x - y|}, reduced, as {@code torch.nn.L1Loss}.
 * Shape: input and target {@code [*]} alike; output a scalar, or {@code [*]} with {@code NONE}.
 */
public class L1Loss extends Loss {
    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.l1(input, target, reduction); }
}
