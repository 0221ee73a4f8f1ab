package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/** Decays the rate by {@code gamma} every step: {@code lr_t = base * gamma^t}. */
public class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return baseLr * Math.pow(gamma, step);
    }
}
