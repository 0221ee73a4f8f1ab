package dev.nabla.nn.layers;

import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * Adaptive 2-D max pooling, as {@code torch.nn.AdaptiveMaxPool2d}: each output cell is the
 * largest element of its bin of the input ({@link AdaptivePool2d}, {@link Pool#adaptiveMaxPool2d});
 * {@code AdaptiveMaxPool2d(1)} is global max pooling.
 */
public class AdaptiveMaxPool2d extends AdaptivePool2d {

    /** The layer described by {@code config}. */
    public AdaptiveMaxPool2d(Config config) {
        super(config);
    }

    /** A square {@code size x size} output. */
    public AdaptiveMaxPool2d(int size) {
        this(size, size);
    }

    /** An {@code outH x outW} output; a null size keeps the input's size in that dim. */
    public AdaptiveMaxPool2d(Integer outH, Integer outW) {
        this(new Config(new Integer[] {outH, outW}));
    }

    @Override
    protected Tensor pool(Tensor input, int[] size) {
        return Pool.adaptiveMaxPool2d(input, size);
    }
}
