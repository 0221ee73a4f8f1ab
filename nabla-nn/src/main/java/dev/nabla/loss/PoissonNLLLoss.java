package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Negative log-likelihood of a Poisson-distributed target, as {@code torch.nn.PoissonNLLLoss};
 * formulas in {@link Losses#poissonNll}. Defaults: logInput true, full false, eps 1e-8.
 * Shape: input and target {@code [*]} alike.
 */
public class PoissonNLLLoss extends Loss {
    private final boolean logInput;
    private final boolean full;
    private final double eps;

    public PoissonNLLLoss() { this(true, false, 1e-8, Reduction.MEAN); }

    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        super(reduction);
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.poissonNll(input, target, logInput, full, eps, reduction);
    }
}
