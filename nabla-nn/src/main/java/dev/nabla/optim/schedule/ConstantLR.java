package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Scales the rate by a constant {@code factor} for the first {@code totalIters} steps:
 * {@code lr_t = base * (t < T ? factor : 1)}, as PyTorch's {@code ConstantLR} (defaults 1/3, 5).
 */
public class ConstantLR extends LRScheduler {
    private final double factor;
    private final int totalIters;

    /** PyTorch's defaults: a third of the rate for 5 steps. */
    public ConstantLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 5);
    }

    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer);
        if (!(factor >= 0 && factor <= 1) || totalIters < 0) {
            throw new IllegalArgumentException("ConstantLR: factor must be in [0, 1] and totalIters >= 0, got "
                    + factor + " and " + totalIters);
        }
        this.factor = factor;
        this.totalIters = totalIters;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return step < totalIters ? baseLr * factor : baseLr;
    }
}
