package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.ops.Interpolate;
import dev.nabla.tensor.Tensor;

/**
 * Resizing as a layer, as {@code torch.nn.Upsample}: {@link Interpolate#interpolate} with the
 * given output {@code size} or {@code scaleFactor} (one given, the other null), mode
 * ({@code "nearest"}, {@code "nearest-exact"}, {@code "linear"}, {@code "bilinear"}, {@code "bicubic"},
 * {@code "area"}) and {@code alignCorners} (linear and cubic modes).
 *
 * <p>Shape: {@code [N, C, L]} or {@code [N, C, H, W]} to the same with the new spatial sizes.
 */
public class Upsample extends Module {

    /**
     * The options of an Upsample, PyTorch's constructor arguments (exactly one of {@code size} and
     * {@code scaleFactor}; {@code alignCorners} null for the mode's default); model files store them.
     */
    public record Config(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
    }

    /** The layer described by {@code config}. */
    public Upsample(Config config) {
        this(config.size(), config.scaleFactor(), config.mode(), config.alignCorners());
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config(size(), scaleFactor(), mode, alignCorners);
    }

    private final int[] size;
    private final double[] scaleFactor;
    private final String mode;
    private final Boolean alignCorners;

    /** Nearest-neighbour upsampling by {@code scaleFactor} in every spatial dim. */
    public Upsample(double scaleFactor) {
        this(null, new double[] {scaleFactor}, "nearest", null);
    }

    public Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException("Upsample: give exactly one of size and scale_factor");
        }
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Interpolate.interpolate(input, size, scaleFactor, mode, alignCorners);
    }

    /** Configuration (null when a scale factor is given). */
    public int[] size() { return size == null ? null : size.clone(); }

    /** Configuration (null when a size is given). */
    public double[] scaleFactor() { return scaleFactor == null ? null : scaleFactor.clone(); }

    /** Configuration, as given to the constructor. */
    public String mode() { return mode; }

    /** Configuration, as given to the constructor (null for the default). */
    public Boolean alignCorners() { return alignCorners; }
}
