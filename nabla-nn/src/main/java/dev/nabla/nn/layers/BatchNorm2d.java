package dev.nabla.nn.layers;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalization over the channels of images, as {@code torch.nn.BatchNorm2d}: per channel,
 * statistics over N, H and W; otherwise exactly {@link BatchNorm1d} (same parameters, buffers,
 * defaults and running-statistics update), which it runs on the input viewed as {@code [N, C, H*W]}.
 *
 * <p>Shape: {@code [N, C, H, W]}, output the same.
 */
public class BatchNorm2d extends BatchNorm1d {

    /** The layer described by {@code config} (the options of {@link BatchNorm1d}). */
    public BatchNorm2d(Config config) {
        super(config);
    }

    /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        super(numFeatures);
    }

    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 || input.size(1) != numFeatures()) {
            throw new IllegalArgumentException("BatchNorm2d: expected input [N, " + numFeatures() + ", H, W], got "
                    + Arrays.toString(input.shape()));
        }
        return super.forward(input.reshape(input.size(0), numFeatures(), -1)).reshape(input.shape());
    }
}
