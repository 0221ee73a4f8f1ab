package dev.nabla.nn.layers;

import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/** Power-average pooling of {@code [N, C, L]} (or {@code [C, L]}), as {@code torch.nn.LPPool1d}; see {@link LPPool}. */
public class LPPool1d extends LPPool {

    /** The layer described by {@code config} (one size each). */
    public LPPool1d(Config config) {
        super(config, 1);
    }

    /** Windows of {@code kernelSize}, stride = kernel size. */
    public LPPool1d(double normType, int kernelSize) {
        this(new Config(normType, new int[] {kernelSize}, new int[] {kernelSize}, false));
    }

    @Override
    protected Tensor average(Tensor x, Config c) {
        return Pool.avgPool1d(x, c.kernelSize()[0], c.stride()[0], 0, c.ceilMode(), true);
    }
}
