package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov and Hutter 2017, without restarts), as PyTorch's:
 * {@code lr_t = etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}; it reaches
 * {@code etaMin} at {@code t = tMax} (and rises again after, periodically).
 */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** Anneals to 0 over {@code tMax} steps. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * step / tMax)) / 2;
    }
}
