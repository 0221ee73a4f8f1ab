package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * The hinge loss on the order of two scores, as {@code torch.nn.MarginRankingLoss}:
 * {@code max(0, -y (x1 - x2) + margin)}; see {@link RankingLosses#marginRanking}. Default margin 0.
 */
public class MarginRankingLoss extends PairLoss {
    private final double margin;

    public MarginRankingLoss() { this(0, Reduction.MEAN); }

    public MarginRankingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return RankingLosses.marginRanking(input1, input2, target, margin, reduction);
    }
}
