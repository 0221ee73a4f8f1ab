package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Kullback-Leibler divergence, as {@code torch.nn.KLDivLoss}: input holds log-probabilities,
 * {@code l = y (log y - x)} (or {@code exp(y) (y - x)} with a log target). Use
 * {@link Reduction#BATCH_MEAN} (PyTorch's {@code "batchmean"}) for the KL divergence per sample.
 * Shape: input and target {@code [*]} alike.
 */
public class KLDivLoss extends Loss {
    private final boolean logTarget;

    public KLDivLoss() { this(Reduction.MEAN, false); }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.klDiv(input, target, logTarget, reduction); }
}
