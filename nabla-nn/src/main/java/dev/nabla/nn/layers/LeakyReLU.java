package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Leaky ReLU {@code y = x > 0 ? x : negativeSlope * x}, as {@code torch.nn.LeakyReLU} (default
 * slope 0.01).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class LeakyReLU extends Module {
    private final double negativeSlope;

    /** The options of a LeakyReLU (PyTorch's constructor arguments); model files store them. */
    public record Config(double negativeSlope) {
    }

    /** The layer described by {@code config}. */
    public LeakyReLU(Config config) {
        this(config.negativeSlope());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(negativeSlope);
    }

    /** Negative slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    /** Configuration, as given to the constructor. */
    public double negativeSlope() { return negativeSlope; }
}
