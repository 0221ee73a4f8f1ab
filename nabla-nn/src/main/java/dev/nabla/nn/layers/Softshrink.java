package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = x - lambda} above lambda, {@code x + lambda} below -lambda, else 0, as {@code torch.nn.Softshrink} (default lambda 0.5).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Softshrink extends Module {
    private final double lambd;

    /** The options of a Softshrink (PyTorch's constructor arguments); model files store them. */
    public record Config(double lambd) {
    }

    /** The layer described by {@code config}. */
    public Softshrink(Config config) {
        this(config.lambd());
    }

    /** Lambda 0.5. */
    public Softshrink() {
        this(0.5);
    }

    public Softshrink(double lambd) {
        if (!(lambd >= 0)) {
            throw new IllegalArgumentException("Softshrink: lambda must be non-negative, got " + lambd);
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
        return Tensor.where(input.gt(lambd), input.sub(lambd),
                Tensor.where(input.lt(-lambd), input.add(lambd), Tensor.zerosLike(input)));
    }
}
