package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/**
 * 2-D average pooling, as {@code torch.nn.AvgPool2d}: the mean of each {@code kh x kw} window,
 * the zero padding counted in the divisor unless {@code countIncludePad} is false, or
 * {@code divisorOverride} used instead when not null.
 *
 * <p>Shape: {@code [N, C, H, W]} to {@code [N, C, oh, ow]},
 * {@code oh = floor((H + 2*ph - kh) / sh) + 1} (rounded up with ceilMode). Defaults: stride =
 * kernel size, padding 0, countIncludePad true. See {@link Pool#avgPool2d}.
 */
public class AvgPool2d extends Module {

    /**
     * The options of an AvgPool2d, PyTorch's constructor arguments, one value per dim
     * {@code (h, w)}; model files store them.
     */
    public record Config(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                         Integer divisorOverride) {
    }

    /** The layer described by {@code config}. */
    public AvgPool2d(Config config) {
        this(config.kernelSize(), config.stride(), config.padding(), config.ceilMode(), config.countIncludePad(),
                config.divisorOverride());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(kernelSize(), stride(), padding(), ceilMode, countIncludePad, divisorOverride);
    }

    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Integer divisorOverride;

    /** Square window, stride = kernel size. */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, false, true,
                null);
    }

    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                     Integer divisorOverride) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** Configuration, as given to the constructor. */
    public int[] kernelSize() { return kernelSize.clone(); }

    /** Configuration, as given to the constructor. */
    public int[] stride() { return stride.clone(); }

    /** Configuration, as given to the constructor. */
    public int[] padding() { return padding.clone(); }

    /** Configuration, as given to the constructor. */
    public boolean ceilMode() { return ceilMode; }

    /** Configuration, as given to the constructor. */
    public boolean countIncludePad() { return countIncludePad; }

    /** Configuration, as given to the constructor (null for none). */
    public Integer divisorOverride() { return divisorOverride; }
}
