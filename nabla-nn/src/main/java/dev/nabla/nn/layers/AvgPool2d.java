package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

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

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Arrays.toString(kernelSize) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding);
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
