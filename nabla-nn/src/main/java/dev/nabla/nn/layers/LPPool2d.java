package dev.nabla.nn.layers;

import dev.nabla.ops.Pool;
import dev.nabla.tensor.Tensor;

/** Power-average pooling of {@code [N, C, H, W]} (or {@code [C, H, W]}), as {@code torch.nn.LPPool2d}; see {@link LPPool}. */
public class LPPool2d extends LPPool {

    /** The layer described by {@code config} ({@code (h, w)} sizes). */
    public LPPool2d(Config config) {
        super(config, 2);
    }

    /** Square windows of {@code kernelSize}, stride = kernel size. */
    public LPPool2d(double normType, int kernelSize) {
        this(new Config(normType, new int[] {kernelSize, kernelSize}, new int[] {kernelSize, kernelSize}, false));
    }

    @Override
    protected Tensor average(Tensor x, Config c) {
        return Pool.avgPool2d(x, c.kernelSize(), c.stride(), new int[] {0, 0}, c.ceilMode(), true, null);
    }
}
