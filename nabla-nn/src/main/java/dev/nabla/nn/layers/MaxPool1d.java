package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * 1-D max pooling, as {@code torch.nn.MaxPool1d}: the largest element of each window of
 * {@code kernelSize} (padding counts as minus infinity).
 *
 * <p>Shape: {@code [N, C, L]} (or {@code [C, L]}) to {@code [N, C, oL]},
 * {@code oL = floor((L + 2*padding - dilation*(kernelSize-1) - 1) / stride) + 1} (rounded up with
 * ceilMode). Defaults: stride = kernel size, padding 0, dilation 1. See {@link Pool#maxPool1d}.
 */
public class MaxPool1d extends Module {

    /** The options of a MaxPool1d, PyTorch's constructor arguments; model files store them. */
    public record Config(int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public MaxPool1d(Config config) {
        if (config.kernelSize() <= 0 || config.stride() <= 0 || config.dilation() <= 0 || config.padding() < 0) {
            throw new IllegalArgumentException("MaxPool1d: kernel size, stride and dilation must be positive and padding "
                    + "non-negative, got " + config);
        }
        this.config = config;
    }

    /** Stride = kernel size. */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool1d(int kernelSize, int stride, int padding) {
        this(new Config(kernelSize, stride, padding, 1, false));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.maxPool1d(input, config.kernelSize(), config.stride(), config.padding(), config.dilation(),
                config.ceilMode());
    }
}
