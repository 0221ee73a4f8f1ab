package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Power-average pooling, the common part of {@link LPPool1d} and {@link LPPool2d}
 * ({@code torch.nn.LPPool1d/2d}): each window gives {@code (sum x^p)^(1/p)}, computed as
 * PyTorch does from the window's average, {@code (sign(a) relu(|a|) * k)^(1/p)} with
 * {@code a = avg_pool(x^p)} and {@code k} the window's size (so an odd p over negative sums
 * gives NaN, as there). No padding; stride defaults to the kernel size.
 */
public abstract class LPPool extends Module {

    /** The options of an LPPool, PyTorch's constructor arguments (sizes per spatial dim); model files store them. */
    public record Config(double normType, int[] kernelSize, int[] stride, boolean ceilMode) {
    }

    private final Config config;

    /** The layer of {@code config} over {@code dims} spatial dims. */
    protected LPPool(Config config, int dims) {
        if (config.kernelSize().length != dims || config.stride().length != dims || !(config.normType() > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a positive norm type and "
                    + dims + " kernel sizes and strides, got " + config);
        }
        this.config = new Config(config.normType(), config.kernelSize().clone(), config.stride().clone(), config.ceilMode());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        double p = config.normType();
        Tensor mean = average(input.pow(p), config);
        int window = 1;
        for (int k : config.kernelSize()) {
            window *= k;
        }
        return mean.sign().mul(mean.abs().relu()).mul(window).pow(1 / p);
    }

    /** The average pooling of {@code x} over the configured windows (no padding). */
    protected abstract Tensor average(Tensor x, Config config);
}
