package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Continuously differentiable ELU, as {@code torch.nn.CELU}:
 * {@code y = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))} (default alpha 1; 0 is refused).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class CELU extends Module {
    private final double alpha;

    /** The options of a CELU (PyTorch's constructor arguments); model files store them. */
    public record Config(double alpha) {
    }

    /** The layer described by {@code config}. */
    public CELU(Config config) {
        this(config.alpha());
    }

    /** Alpha 1. */
    public CELU() {
        this(1.0);
    }

    public CELU(double alpha) {
        if (alpha == 0) {
            throw new IllegalArgumentException("CELU: alpha must not be 0");
        }
        this.alpha = alpha;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(alpha);
    }

    /** {@code alpha * elu(x / alpha)}. */
    @Override
    public Tensor forward(Tensor input) {
        return input.div(alpha).elu(1).mul(alpha);
    }

    /** Configuration, as given to the constructor. */
    public double alpha() { return alpha; }
}
