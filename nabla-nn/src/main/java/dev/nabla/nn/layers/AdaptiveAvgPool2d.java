package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Adaptive 2-D average pooling, as {@code torch.nn.AdaptiveAvgPool2d}: output row {@code i}
 * averages input rows {@code floor(i*H/oh) .. ceil((i+1)*H/oh) - 1} (likewise columns), so any
 * input size gives an {@code oh x ow} output ({@code AdaptiveAvgPool2d(1)} is global average pooling).
 *
 * <p>Shape: {@code [N, C, H, W]} to {@code [N, C, oh, ow]}.
 */
public class AdaptiveAvgPool2d extends Module {

    /** The options of an AdaptiveAvgPool2d: the output size {@code (h, w)}; model files store it. */
    public record Config(int[] outputSize) {
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

    private static int[] pair(int[] size) {
        if (size.length != 2) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must hold 2 sizes, got "
                    + Arrays.toString(size));
        }
        return size;
    }

    private final int[] outputSize;

    /** A square {@code size x size} output. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        }
        this.outputSize = new int[] {outH, outW};
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool.adaptiveAvgPool2d(input, outputSize);
    }

    /** Configuration: {@code (oh, ow)}. */
    public int[] outputSize() { return outputSize.clone(); }
}
