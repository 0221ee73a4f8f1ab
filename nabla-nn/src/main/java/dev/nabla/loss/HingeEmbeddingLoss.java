package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Hinge embedding: {@code x} where {@code y = 1}, {@code max(0, margin - x)} where {@code y = -1}
 * ({@code x} often a distance), as {@code torch.nn.HingeEmbeddingLoss}; default margin 1.
 * Formula and shapes: {@link MarginLosses#hingeEmbedding}.
 */
public class HingeEmbeddingLoss extends Loss {
    private final double margin;

    public HingeEmbeddingLoss() { this(1, Reduction.MEAN); }

    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return MarginLosses.hingeEmbedding(input, target, margin, reduction);
    }
}
