package dev.nabla.nn.layers;

import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * Adaptive 1-D avg pooling, as {@code torch.nn.AdaptiveAvgPool1d}: each output position
 * averages its bin of the input ({@link AdaptivePool1d}).
 */
public class AdaptiveAvgPool1d extends AdaptivePool1d {

    /** The layer described by {@code config}. */
    public AdaptiveAvgPool1d(Config config) {
        super(config);
    }

    /** {@code outputSize} outputs per channel. */
    public AdaptiveAvgPool1d(int outputSize) {
        this(new Config(outputSize));
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveAvgPool1d(input, outputSize());
    }
}
