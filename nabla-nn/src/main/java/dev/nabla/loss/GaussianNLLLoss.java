package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Gaussian negative log-likelihood of targets under predicted means and variances, as
 * {@code torch.nn.GaussianNLLLoss}; defaults full false, eps 1e-6. Call
 * {@link #forward(Tensor, Tensor, Tensor)} with the means, the targets and the variances;
 * formula and shapes: {@link Losses#gaussianNll}.
 */
public class GaussianNLLLoss extends PairLoss {
    private final boolean full;
    private final double eps;

    public GaussianNLLLoss() { this(false, 1e-6, Reduction.MEAN); }

    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        super(reduction);
        this.full = full;
        this.eps = eps;
    }

    /** The loss of means {@code input} against {@code target} with variances {@code var}. */
    @Override
    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return Losses.gaussianNll(input, target, var, full, eps, reduction);
    }
}
