package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * The inverse of {@link PixelShuffle}, as {@code torch.nn.PixelUnshuffle}: {@code [N, C, H r, W r]}
 * to {@code [N, C r^2, H, W]}.
 *
 * <p>Shape: {@code [..., C, H, W]}. No parameters.
 */
public class PixelUnshuffle extends Module {
    private final int factor;

    /** The options of a PixelUnshuffle (PyTorch's constructor arguments); model files store them. */
    public record Config(int downscaleFactor) {
    }

    /** The layer described by {@code config}. */
    public PixelUnshuffle(Config config) {
        this(config.downscaleFactor());
    }

    public PixelUnshuffle(int downscaleFactor) {
        if (downscaleFactor < 1) {
            throw new IllegalArgumentException("PixelUnshuffle: downscale_factor must be positive, got " + downscaleFactor);
        }
        this.factor = downscaleFactor;
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(factor);
    }

    @Override
    public Tensor forward(Tensor input) {
        return PixelShuffle.unshuffle(input, factor);
    }
}
