package dev.nabla.nn.layers;

import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * Adaptive 1-D max pooling, as {@code torch.nn.AdaptiveMaxPool1d}: each output position
 * is the largest element of its bin of the input ({@link AdaptivePool1d}).
 */
public class AdaptiveMaxPool1d extends AdaptivePool1d {

    /** The layer described by {@code config}. */
    public AdaptiveMaxPool1d(Config config) {
        super(config);
    }

    /** {@code outputSize} outputs per channel. */
    public AdaptiveMaxPool1d(int outputSize) {
        this(new Config(outputSize));
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveMaxPool1d(input, outputSize());
    }
}
