package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Binary cross-entropy of logits, stable for any logit, as {@code torch.nn.BCEWithLogitsLoss}:
 * {@code l = -w (p y log s(x) + (1 - y) log(1 - s(x)))}, {@code s} the sigmoid, {@code p} the
 * positive-class weight (> 1 raises recall). Shape: input and target {@code [*]} alike;
 * {@code weight} broadcasts to them, {@code posWeight} is {@code [C]} for the last dim.
 */
public class BCEWithLogitsLoss extends Loss {
    private final Tensor weight;
    private final Tensor posWeight;

    public BCEWithLogitsLoss() { this(null, null, Reduction.MEAN); }

    /** Either weight may be null. */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.posWeight = posWeight == null ? null : registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.bceWithLogits(input, target, weight, posWeight, reduction);
    }
}
