package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * {@code y = min(max(x, minVal), maxVal)}, as {@code torch.nn.Hardtanh} (defaults -1 and 1;
 * gradient 0 at the bounds, as PyTorch's).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Hardtanh extends Module {
    private final double minVal;
    private final double maxVal;

    /** The options of a Hardtanh (PyTorch's constructor arguments); model files store them. */
    public record Config(double minVal, double maxVal) {
    }

    /** The layer described by {@code config}. */
    public Hardtanh(Config config) {
        this(config.minVal(), config.maxVal());
    }

    /** Bounds -1 and 1. */
    public Hardtanh() {
        this(-1, 1);
    }

    public Hardtanh(double minVal, double maxVal) {
        if (!(minVal <= maxVal)) {
            throw new IllegalArgumentException("Hardtanh: min_val " + minVal + " must not exceed max_val " + maxVal);
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(minVal, maxVal);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.hardtanh(minVal, maxVal);
    }

    /** Configuration, as given to the constructor. */
    public double minVal() { return minVal; }

    /** Configuration, as given to the constructor. */
    public double maxVal() { return maxVal; }
}
