package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Sliding windows as columns (im2col), as {@code torch.nn.Unfold}; see {@link dev.nabla.ops.Unfold#unfold}.
 *
 * <p>Shape: {@code [N, C, H, W]} (or {@code [C, H, W]}) to {@code [N, C*kh*kw, L]}, L the number of
 * windows. Sizes are {@code (h, w)} pairs; defaults dilation 1, padding 0, stride 1.
 */
public class Unfold extends Module {

    /** The options of an Unfold, PyTorch's constructor arguments as {@code (h, w)} pairs; model files store them. */
    public record Config(int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
    }

    private final Config config;

    /** The layer described by {@code config}. */
    public Unfold(Config config) {
        this.config = new Config(config.kernelSize().clone(), config.dilation().clone(), config.padding().clone(),
                config.stride().clone());
    }

    /** Square windows of {@code kernelSize}, dilation 1, no padding, stride 1. */
    public Unfold(int kernelSize) {
        this(new Config(new int[] {kernelSize, kernelSize}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}));
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor input) {
        return dev.nabla.ops.Unfold.unfold(input, config.kernelSize(), config.dilation(), config.padding(), config.stride());
    }
}
