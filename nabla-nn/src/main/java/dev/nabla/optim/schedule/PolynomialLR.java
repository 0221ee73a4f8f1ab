package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Polynomial decay to zero over {@code totalIters} steps, then zero, as PyTorch's
 * {@code PolynomialLR}: {@code lr_t = base * (1 - min(t, totalIters) / totalIters)^power}
 * (PyTorch's defaults: totalIters 5, power 1).
 */
public class PolynomialLR extends LRScheduler {
    private final int totalIters;
    private final double power;

    /** With PyTorch's defaults: linear decay over 5 steps. */
    public PolynomialLR(Optimizer optimizer) {
        this(optimizer, 5, 1);
    }

    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer);
        if (totalIters <= 0 || !(power >= 0)) {
            throw new IllegalArgumentException("PolynomialLR: totalIters must be positive and power >= 0, got "
                    + totalIters + " and " + power);
        }
        this.totalIters = totalIters;
        this.power = power;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return baseLr * Math.pow(1 - (double) Math.min(step, totalIters) / totalIters, power);
    }
}
