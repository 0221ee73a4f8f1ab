package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * 2-D max pooling, as {@code torch.nn.MaxPool2d}: the largest element of each
 * {@code kh x kw} window (padding counts as minus infinity).
 *
 * <p>Shape: {@code [N, C, H, W]} to {@code [N, C, oh, ow]},
 * {@code oh = floor((H + 2*ph - dh*(kh-1) - 1) / sh) + 1} (rounded up with ceilMode). Defaults:
 * stride = kernel size, padding 0, dilation 1. See {@link Pool#maxPool2d}.
 */
public class MaxPool2d extends Module {

    /**
     * The options of a MaxPool2d, PyTorch's constructor arguments, one value per dim {@code (h, w)};
     * model files store them.
     */
    public record Config(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    }

    /** The layer described by {@code config}. */
    public MaxPool2d(Config config) {
        this(config.kernelSize(), config.stride(), config.padding(), config.dilation(), config.ceilMode());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(kernelSize(), stride(), padding(), dilation(), ceilMode);
    }

    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;

    /** Square window, stride = kernel size. */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, false);
    }

    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** Configuration, as given to the constructor. */
    public int[] kernelSize() { return kernelSize.clone(); }

    /** Configuration, as given to the constructor. */
    public int[] stride() { return stride.clone(); }

    /** Configuration, as given to the constructor. */
    public int[] padding() { return padding.clone(); }

    /** Configuration, as given to the constructor. */
    public int[] dilation() { return dilation.clone(); }

    /** Configuration, as given to the constructor. */
    public boolean ceilMode() { return ceilMode; }
}
