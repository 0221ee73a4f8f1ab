package dev.nabla.nn.layers;

import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * Adaptive 2-D average pooling, as {@code torch.nn.AdaptiveAvgPool2d}: each output cell averages
 * its bin of the input ({@link AdaptivePool2d}); {@code AdaptiveAvgPool2d(1)} is global average
 * pooling.
 */
public class AdaptiveAvgPool2d extends AdaptivePool2d {

    /** The layer described by {@code config}. */
    public AdaptiveAvgPool2d(Config config) {
        super(config);
    }

    /** A square {@code size x size} output. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** An {@code outH x outW} output; a null size keeps the input's size in that dim. */
    public AdaptiveAvgPool2d(Integer outH, Integer outW) {
        this(new Config(new Integer[] {outH, outW}));
    }

    @Override
    protected Tensor pool(Tensor input, int[] size) {
        return Pool.adaptiveAvgPool2d(input, size);
    }
}
