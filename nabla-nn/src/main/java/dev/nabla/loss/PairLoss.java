package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * The base of losses on three tensors, {@link #forward(Tensor, Tensor, Tensor)}: two inputs and a
 * target ({@code CosineEmbeddingLoss}, {@code MarginRankingLoss}), or as the subclass names them
 * (anchor, positive and negative for {@code TripletMarginLoss}; means, targets and variances for
 * {@code GaussianNLLLoss}).
 */
public abstract class PairLoss extends Loss {

    protected PairLoss(Reduction reduction) {
        super(reduction);
    }

    /** The loss of the pair {@code input1}, {@code input2} against {@code target} (1 or -1). */
    public abstract Tensor forward(Tensor input1, Tensor input2, Tensor target);

    /** This loss needs three tensors: always throws; call {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public final Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " takes three tensors: call forward(Tensor, Tensor, Tensor), in the order its Javadoc gives");
    }
}
