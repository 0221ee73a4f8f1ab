package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities {@code l = -w (y log x + (1 - y) log(1 - x))}, logs
 * clamped at -100, as {@code torch.nn.BCELoss}. Prefer {@link BCEWithLogitsLoss}, which is stable.
 * Shape: input (probabilities in [0, 1]) and target {@code [*]} alike; weight broadcasts to them.
 */
public class BCELoss extends Loss {
    private final Tensor weight;

    public BCELoss() { this(null, Reduction.MEAN); }

    /** {@code weight} (may be null) rescales each element's loss. */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return Losses.bce(input, target, weight, reduction); }
}
