package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = |x| > lambda ? x : 0}, as {@code torch.nn.Hardshrink} (default lambda 0.5).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Hardshrink extends Module {
    private final double lambd;

    /** The options of a Hardshrink (PyTorch's constructor arguments); model files store them. */
    public record Config(double lambd) {
    }

    /** The layer described by {@code config}. */
    public Hardshrink(Config config) {
        this(config.lambd());
    }

    /** Lambda 0.5. */
    public Hardshrink() {
        this(0.5);
    }

    public Hardshrink(double lambd) {
        if (!(lambd >= 0)) {
            throw new IllegalArgumentException("Hardshrink: lambda must be non-negative, got " + lambd);
        }
        this.lambd = lambd;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(lambd);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Tensor.where(input.abs().le(lambd), 0, input); // NaN passes, as PyTorch's
    }
}
