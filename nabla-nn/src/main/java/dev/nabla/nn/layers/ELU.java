package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Exponential linear unit {@code y = x > 0 ? x : alpha * (exp(x) - 1)}, as {@code torch.nn.ELU}
 * (default alpha 1).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class ELU extends Module {
    private final double alpha;

    /** The options of a ELU (PyTorch's constructor arguments); model files store them. */
    public record Config(double alpha) {
    }

    /** The layer described by {@code config}. */
    public ELU(Config config) {
        this(config.alpha());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(alpha);
    }

    /** Alpha 1. */
    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.elu(alpha);
    }

    /** Configuration, as given to the constructor. */
    public double alpha() { return alpha; }
}
