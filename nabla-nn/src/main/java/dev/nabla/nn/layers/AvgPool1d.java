package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * 1-D average pooling, as {@code torch.nn.AvgPool1d}: the mean of each window of
 * {@code kernelSize}, the zero padding counted in the divisor unless {@code countIncludePad} is
 * false.
 *
 * <p>Shape: {@code [N, C, L]} (or {@code [C, L]}) to {@code [N, C, oL]},
 * {@code oL = floor((L + 2*padding - kernelSize) / stride) + 1} (rounded up with ceilMode).
 * Defaults: stride = kernel size, padding 0, countIncludePad true. See {@link Pool#avgPool1d}.
 */
public class AvgPool1d extends Module {

    /** The options of an AvgPool1d, PyTorch's constructor arguments; model files store them. */
    public record Config(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public AvgPool1d(Config config) {
        if (config.kernelSize() <= 0 || config.stride() <= 0 || config.padding() < 0) {
            throw new IllegalArgumentException("AvgPool1d: kernel size and stride must be positive and padding "
                    + "non-negative, got " + config);
        }
        this.config = config;
    }

    /** Stride = kernel size. */
    public AvgPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public AvgPool1d(int kernelSize, int stride, int padding) {
        this(new Config(kernelSize, stride, padding, false, true));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.avgPool1d(input, config.kernelSize(), config.stride(), config.padding(), config.ceilMode(),
                config.countIncludePad());
    }
}
