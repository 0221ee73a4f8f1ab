package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities (e.g. from {@code LogSoftmax}), as
 * {@code torch.nn.NLLLoss}: {@code l_n = -w[y_n] x[n, y_n]}; formulas and shapes in
 * {@link ClassificationLosses#nll}.
 */
public class NLLLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;

    public NLLLoss() { this(null, ClassificationLosses.DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    /** {@code weight} ({@code [C]}) may be null. */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassificationLosses.nll(input, target, weight, ignoreIndex, reduction);
    }
}
