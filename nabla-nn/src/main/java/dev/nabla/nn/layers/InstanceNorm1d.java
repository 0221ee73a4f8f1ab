package dev.nabla.nn.layers;

/**
 * Instance normalization of {@code [N, C, L]} or {@code [C, L]}, each channel of each sample over its
 * positions, as {@code torch.nn.InstanceNorm1d}; see {@link InstanceNorm}. Output shaped as the input.
 */
public class InstanceNorm1d extends InstanceNorm {

    /** The layer described by {@code config}. */
    public InstanceNorm1d(Config config) {
        super(config, 1, "[N, C, L] or [C, L]");
    }

    /** eps 1e-5, momentum 0.1, not affine, no running statistics (PyTorch's defaults). */
    public InstanceNorm1d(int numFeatures) {
        this(new Config(numFeatures, 1e-5, 0.1, false, false));
    }

    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this(new Config(numFeatures, eps, momentum, affine, trackRunningStats));
    }
}
