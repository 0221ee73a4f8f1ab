package dev.nabla.nn.layers;

import dev.nabla.nn.Module;

/**
 * The base of the shrinking activations, {@link Hardshrink} and {@link Softshrink}: elements
 * within {@code [-lambda, lambda]} become 0 (default lambda 0.5, non-negative).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public abstract class Shrink extends Module {
    /** The half-width of the band set to 0. */
    protected final double lambd;

    /** The options of a shrinking layer (PyTorch's constructor arguments); model files store them. */
    public record Config(double lambd) {
    }

    protected Shrink(double lambd) {
        if (!(lambd >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": lambda must be non-negative, got " + lambd);
        }
        this.lambd = lambd;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(lambd);
    }
}
