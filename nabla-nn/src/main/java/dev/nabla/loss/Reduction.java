package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The per-element losses, unreduced (same shape as the pointwise loss). */
    NONE,
    /** Their mean (the default; some losses use a weighted mean, as documented there). */
    MEAN,
    /** Their sum. */
    SUM,
    /** Their sum divided by the size of the first (batch) dim: KLDivLoss's {@code "batchmean"}. */
    BATCH_MEAN;

    /** Applies this reduction to pointwise losses {@code l}. */
    public Tensor apply(Tensor l) {
        return switch (this) {
            case NONE -> l;
            case MEAN -> l.mean();
            case SUM -> l.sum();
            case BATCH_MEAN -> l.sum().div(l.dim() == 0 ? 1 : l.size(0));
        };
    }
}
