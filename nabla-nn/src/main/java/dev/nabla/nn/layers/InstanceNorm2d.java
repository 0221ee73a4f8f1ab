package dev.nabla.nn.layers;

/**
 * Instance normalization of {@code [N, C, H, W]} or {@code [C, H, W]}, each channel of each sample over its
 * positions, as {@code torch.nn.InstanceNorm2d}; see {@link InstanceNorm}. Output shaped as the input.
 */
public class InstanceNorm2d extends InstanceNorm {

    /** The layer described by {@code config}. */
    public InstanceNorm2d(Config config) {
        super(config, 2, "[N, C, H, W] or [C, H, W]");
    }

    /** eps 1e-5, momentum 0.1, not affine, no running statistics (PyTorch's defaults). */
    public InstanceNorm2d(int numFeatures) {
        this(new Config(numFeatures, 1e-5, 0.1, false, false));
    }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this(new Config(numFeatures, eps, momentum, affine, trackRunningStats));
    }
}
