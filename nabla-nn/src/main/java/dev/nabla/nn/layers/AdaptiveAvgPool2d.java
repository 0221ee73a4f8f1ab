package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Adaptive 2-D average pooling, as {@code torch.nn.AdaptiveAvgPool2d}: output row {@code i}
 * averages input rows {@code floor(i*H/oh) .. ceil((i+1)*H/oh) - 1} (likewise columns), so any
 * input size gives an {@code oh x ow} output ({@code AdaptiveAvgPool2d(1)} is global average pooling).
 * A null size (PyTorch's {@code None}) keeps the input's size in that dim.
 *
 * <p>Shape: {@code [N, C, H, W]} to {@code [N, C, oh, ow]}.
 */
public class AdaptiveAvgPool2d extends Module {

    /**
     * The options of an AdaptiveAvgPool2d: the output size {@code (h, w)}, each null for the
     * input's; model files store it.
     */
    public record Config(Integer[] outputSize) {
    }

    /** The layer described by {@code config}. */
    public AdaptiveAvgPool2d(Config config) {
        this(pair(config.outputSize())[0], pair(config.outputSize())[1]);
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(outputSize());
    }

    private static Integer[] pair(Integer[] size) {
        if (size.length != 2) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must hold 2 sizes, got "
                    + Arrays.toString(size));
        }
        return size;
    }

    private final Integer[] outputSize;

    /** A square {@code size x size} output. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** An {@code outH x outW} output; a null size keeps the input's size in that dim. */
    public AdaptiveAvgPool2d(Integer outH, Integer outW) {
        if ((outH != null && outH < 0) || (outW != null && outW < 0)) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must not be negative, got ("
                    + (outH == null ? "None" : outH) + ", " + (outW == null ? "None" : outW) + ")");
        }
        this.outputSize = new Integer[] {outH, outW};
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: expected input [N, C, H, W] or [C, H, W], got shape "
                    + Arrays.toString(input.shape()));
        }
        return Pool.adaptiveAvgPool2d(input, outputSizeFor(input.size(-2), input.size(-1)));
    }

    /** Configuration: {@code (oh, ow)}, null where the output keeps the input's size. */
    public Integer[] outputSize() { return outputSize.clone(); }

    /** The output size {@code (oh, ow)} for an {@code h x w} input. */
    public int[] outputSizeFor(int h, int w) {
        return new int[] {outputSize[0] == null ? h : outputSize[0], outputSize[1] == null ? w : outputSize[1]};
    }
}
