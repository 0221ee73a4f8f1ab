package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Softplus {@code y = log(1 + exp(beta x)) / beta}, and {@code y = x} where {@code beta x >
 * threshold}, as {@code torch.nn.Softplus} (defaults beta 1, threshold 20); computed without
 * overflow.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Softplus extends Module {
    private final double beta;
    private final double threshold;

    /** The options of a Softplus (PyTorch's constructor arguments); model files store them. */
    public record Config(double beta, double threshold) {
    }

    /** The layer described by {@code config}. */
    public Softplus(Config config) {
        this(config.beta(), config.threshold());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(beta, threshold);
    }

    /** Beta 1, threshold 20. */
    public Softplus() {
        this(1, 20);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.softplus(beta, threshold);
    }

    /** Configuration, as given to the constructor. */
    public double beta() { return beta; }

    /** Configuration, as given to the constructor. */
    public double threshold() { return threshold; }
}
