package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Scales the rate by a factor going linearly from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} steps, then constant: {@code lr_t = base * (s + (e - s) * min(t, T) / T)}
 * (PyTorch's defaults: 1/3, 1, 5).
 */
public class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (totalIters <= 0 || !(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: factors must be in (0, 1] and [0, 1] and totalIters positive");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return baseLr * (startFactor + (endFactor - startFactor) * Math.min(step, totalIters) / totalIters);
    }
}
