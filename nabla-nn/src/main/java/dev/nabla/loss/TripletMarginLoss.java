package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Triplet loss {@code max(d(a, pos) - d(a, neg) + margin, 0)} with the p-norm distance, as
 * {@code torch.nn.TripletMarginLoss}; defaults margin 1, p 2, eps 1e-6, no swap. Call
 * {@link #forward(Tensor, Tensor, Tensor)} with the anchor, positive and negative; formula and
 * shapes: {@link MarginLosses#tripletMargin}.
 */
public class TripletMarginLoss extends PairLoss {
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;

    public TripletMarginLoss() { this(1, 2, 1e-6, false, Reduction.MEAN); }

    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        super(reduction);
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
    }

    /** The loss of {@code anchor} against {@code positive} and {@code negative} (the target's place). */
    @Override
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return MarginLosses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
}
