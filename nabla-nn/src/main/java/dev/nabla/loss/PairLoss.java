package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * The base of losses on two inputs and a target ({@code CosineEmbeddingLoss},
 * {@code MarginRankingLoss}): {@link #forward(Tensor, Tensor, Tensor)}.
 */
public abstract class PairLoss extends Loss {

    protected PairLoss(Reduction reduction) {
        super(reduction);
    }

    /** The loss of the pair {@code input1}, {@code input2} against {@code target} (1 or -1). */
    public abstract Tensor forward(Tensor input1, Tensor input2, Tensor target);

    /** A pair loss needs two inputs: always throws; call {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override
    public final Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " takes two inputs and a target: call forward(input1, input2, target)");
    }
}
