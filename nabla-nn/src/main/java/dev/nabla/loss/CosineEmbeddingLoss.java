package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Whether two inputs are similar ({@code y = 1}) or dissimilar ({@code y = -1}) by their
 * cosine, as {@code torch.nn.CosineEmbeddingLoss}: {@code 1 - cos} or {@code max(0, cos - margin)};
 * formula and shapes in {@link RankingLosses#cosineEmbedding}. Default margin 0.
 */
public class CosineEmbeddingLoss extends PairLoss {
    private final double margin;

    public CosineEmbeddingLoss() { this(0, Reduction.MEAN); }

    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return RankingLosses.cosineEmbedding(input1, input2, target, margin, reduction);
    }
}
