package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * The common part of {@link AdaptiveAvgPool2d} and {@link AdaptiveMaxPool2d}: output row
 * {@code i} pools input rows {@code floor(i*H/oh) .. ceil((i+1)*H/oh) - 1} (likewise columns), so
 * any input size gives an {@code oh x ow} output. A null size (PyTorch's {@code None}) keeps the
 * input's size in that dim.
 *
 * <p>Shape: {@code [N, C, H, W]} to {@code [N, C, oh, ow]}, or {@code [C, H, W]} to {@code [C, oh, ow]}.
 */
public abstract class AdaptivePool2d extends Module {

    /**
     * The options of an adaptive pooling: the output size {@code (h, w)}, each null for the
     * input's; model files store it.
     */
    public record Config(Integer[] outputSize) {
    }

    private final Integer[] outputSize;

    /** The layer described by {@code config}. */
    protected AdaptivePool2d(Config config) {
        Integer[] size = config.outputSize();
        if (size.length != 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": output_size must hold 2 sizes, got "
                    + Arrays.toString(size));
        }
        if ((size[0] != null && size[0] < 0) || (size[1] != null && size[1] < 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": output size must not be negative, got ("
                    + (size[0] == null ? "None" : size[0]) + ", " + (size[1] == null ? "None" : size[1]) + ")");
        }
        this.outputSize = size.clone();
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(outputSize());
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input [N, C, H, W] or [C, H, W], "
                    + "got shape " + Arrays.toString(input.shape()));
        }
        return pool(input, outputSizeFor(input.size(-2), input.size(-1)));
    }

    /** The pooling of {@code input} to {@code size} {@code (oh, ow)}. */
    protected abstract Tensor pool(Tensor input, int[] size);

    /** Configuration: {@code (oh, ow)}, null where the output keeps the input's size. */
    public Integer[] outputSize() { return outputSize.clone(); }

    /** The output size {@code (oh, ow)} for an {@code h x w} input. */
    public int[] outputSizeFor(int h, int w) {
        return new int[] {outputSize[0] == null ? h : outputSize[0], outputSize[1] == null ? w : outputSize[1]};
    }
}
