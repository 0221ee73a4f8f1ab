package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Columns summed back into an image (col2im, overlapping windows added), as {@code torch.nn.Fold};
 * see {@link dev.nabla.ops.Unfold#fold}.
 *
 * <p>Shape: {@code [N, C*kh*kw, L]} (or {@code [C*kh*kw, L]}) to {@code [N, C, outH, outW]}. Sizes
 * are {@code (h, w)} pairs; defaults dilation 1, padding 0, stride 1.
 */
public class Fold extends Module {

    /** The options of a Fold, PyTorch's constructor arguments as {@code (h, w)} pairs; model files store them. */
    public record Config(int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public Fold(Config config) {
        this.config = new Config(config.outputSize().clone(), config.kernelSize().clone(), config.dilation().clone(),
                config.padding().clone(), config.stride().clone());
    }

    /** Square windows of {@code kernelSize} into an {@code outputSize} square, dilation 1, no padding, stride 1. */
    public Fold(int outputSize, int kernelSize) {
        this(new Config(new int[] {outputSize, outputSize}, new int[] {kernelSize, kernelSize}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {1, 1}));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        return dev.nabla.ops.Unfold.fold(input, config.outputSize(), config.kernelSize(), config.dilation(),
                config.padding(), config.stride());
    }
}
