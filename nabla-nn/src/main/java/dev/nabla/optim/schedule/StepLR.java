package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** Decays the rate by {@code gamma} every {@code stepSize} steps: {@code lr_t = base * gamma^floor(t / stepSize)}. */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) {
            throw new IllegalArgumentException("StepLR: step size must be positive, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return baseLr * Math.pow(gamma, step / stepSize);
    }
}
