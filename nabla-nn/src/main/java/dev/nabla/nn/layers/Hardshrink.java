package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;

/** {@code y = |x| > lambda ? x : 0}, as {@code torch.nn.Hardshrink}; see {@link Shrink}. */
public class Hardshrink extends Shrink {

    /** The layer described by {@code config}. */
    public Hardshrink(Config config) {
        this(config.lambd());
    }

    /** Lambda 0.5. */
    public Hardshrink() {
        this(0.5);
    }

    public Hardshrink(double lambd) {
        super(lambd);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Tensor.where(input.abs().le(lambd), 0, input); // NaN passes, as PyTorch's
    }
}
