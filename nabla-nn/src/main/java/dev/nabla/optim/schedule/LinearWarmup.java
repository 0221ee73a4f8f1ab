package dev.nabla.optim.schedule;

/**
 * A linear warm-up followed by another schedule (PyTorch's {@code SequentialLR} of a
 * {@code LinearLR} and {@code after}): for {@code t < W},
 * {@code lr_t = base * (s + (1 - s) * t / W)}; from then on {@code lr_t = after.lrAt(t - W, base)},
 * so {@code after} starts its own step count at the end of the warm-up.
 *
 * <pre>{@code
 * var sched = new LinearWarmup(new CosineAnnealingLR(opt, 90), 10, 0.01);
 * }</pre>
 * Step only this scheduler, not {@code after}.
 */
public class LinearWarmup extends LRScheduler {
    private final LRScheduler after;
    private final int warmupSteps;
    private final double startFactor;

    /**
     * @param after       the schedule that follows (built on the same optimizer, not stepped itself)
     * @param warmupSteps {@code W}, the length of the warm-up
     * @param startFactor {@code s}, the fraction of the base rate at step 0
     */
    public LinearWarmup(LRScheduler after, int warmupSteps, double startFactor) {
        super(after.optimizer);
        if (warmupSteps < 0 || !(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: warmupSteps must be >= 0 and startFactor in [0, 1]");
        }
        this.after = after;
        this.warmupSteps = warmupSteps;
        this.startFactor = startFactor;
        init();
    }

    @Override
    public double[] baseLrs() {
        return after.baseLrs();
    }

    @Override
    protected void apply(int step) {
        double[] base = after.baseLrs();
        var groups = optimizer.paramGroups();
        for (int i = 0; i < base.length; i++) {
            groups.get(i).setLr(lrAt(step, base[i]));
        }
    }

    @Override
    public double lrAt(int step, double baseLr) {
        if (step < warmupSteps) {
            return baseLr * (startFactor + (1 - startFactor) * step / warmupSteps);
        }
        return after.lrAt(step - warmupSteps, baseLr);
    }
}
