package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = x > threshold ? x : value}, as {@code torch.nn.Threshold}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Threshold extends Module {
    private final double threshold;
    private final double value;

    /** The options of a Threshold (PyTorch's constructor arguments); model files store them. */
    public record Config(double threshold, double value) {
    }

    /** The layer described by {@code config}. */
    public Threshold(Config config) {
        this(config.threshold(), config.value());
    }

    public Threshold(double threshold, double value) {
        this.threshold = threshold;
        this.value = value;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(threshold, value);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Tensor.where(input.le(threshold), value, input); // NaN passes, as PyTorch's
    }
}
