package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/**
 * {@code y = x - lambda} above lambda, {@code x + lambda} below -lambda, else 0, as
 * {@code torch.nn.Softshrink}; see {@link Shrink}.
 */
public class Softshrink extends Shrink {

    /** The layer described by {@code config}. */
    public Softshrink(Config config) {
        this(config.lambd());
    }

    /** Lambda 0.5. */
    public Softshrink() {
        this(0.5);
    }

    public Softshrink(double lambd) {
        super(lambd);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Tensor.where(input.gt(lambd), input.sub(lambd),
                Tensor.where(input.lt(-lambd), input.add(lambd), Tensor.zerosLike(input)));
    }
}
