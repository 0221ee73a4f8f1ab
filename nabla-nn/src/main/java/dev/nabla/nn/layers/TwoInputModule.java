package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * A layer of two inputs ({@link Bilinear}, {@link CosineSimilarity}, {@link PairwiseDistance}),
 * called as {@link #forward(Tensor, Tensor)}; its one-input {@link #forward(Tensor)} is refused,
 * so it does not go inside a {@code Sequential}.
 */
public abstract class TwoInputModule extends Module {

    /** Refused: this layer takes two inputs. */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes two inputs: call forward(x1, x2)");
    }

    /** The layer's output for the two inputs. */
    public abstract Tensor forward(Tensor x1, Tensor x2);
}
