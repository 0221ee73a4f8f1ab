package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter 2017), as PyTorch's
 * {@code CosineAnnealingWarmRestarts}: {@code lr = etaMin + (base - etaMin) (1 + cos(pi Tcur / Ti)) / 2},
 * where {@code Tcur} counts the epochs since the last restart and the i-th period lasts
 * {@code Ti = T0 * Tmult^i} epochs. Epochs may be fractional: {@link #step(double)} sets the
 * position directly (e.g. {@code epoch + batch / batches} when stepped per batch), with
 * {@code Tcur = epoch mod T0} for {@code Tmult = 1}, else {@code n = floor(log_Tmult(epoch / T0 * (Tmult - 1) + 1))},
 * {@code Tcur = epoch - T0 (Tmult^n - 1) / (Tmult - 1)}, {@code Ti = T0 Tmult^n}; {@link #step()}
 * adds one epoch to {@code Tcur}. A checkpoint keeps the step count, from which integer epochs
 * are recomputed exactly.
 */
public class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0;
    private final int tMult;
    private final double etaMin;
    private double tCur;
    private double tI;

    /** Restarts every {@code t0} epochs, annealing to 0. */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
        this(optimizer, t0, 1, 0);
    }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 <= 0 || tMult < 1) {
            throw new IllegalArgumentException("CosineAnnealingWarmRestarts: T0 must be positive and Tmult >= 1, got "
                    + t0 + " and " + tMult);
        }
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tI = t0;
        init();
    }

    /** The rate at integer epoch {@code step}: the periods are counted off exactly. */
    @Override
    public double lrAt(int step, double baseLr) {
        long[] position = position(step);
        return lrAt(position[0], position[1], baseLr);
    }

    /** {@code {Tcur, Ti}} at integer epoch {@code step}. */
    private long[] position(int step) {
        long period = t0;
        long cur = step;
        while (cur >= period) {
            cur -= period;
            period *= tMult;
        }
        return new long[] {cur, period};
    }

    private double lrAt(double cur, double period, double baseLr) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * cur / period)) / 2;
    }

    /** Advances one epoch ({@code Tcur + 1}, restarting past {@code Ti}). */
    @Override
    public void step() {
        tCur += 1;
        if (tCur >= tI) {
            tCur -= tI;
            tI *= tMult;
        }
        super.step();
    }

    /** Moves to {@code epoch} (fractional allowed, {@code >= 0}) and sets the groups' rates. */
    public void step(double epoch) {
        if (!(epoch >= 0) || Double.isInfinite(epoch)) {
            throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected a finite epoch >= 0, got " + epoch);
        }
        if (epoch < t0) {
            tCur = epoch;
            tI = t0;
        } else if (tMult == 1) {
            tCur = epoch % t0;
            tI = t0;
        } else {
            int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
            tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
            tI = t0 * Math.pow(tMult, n);
        }
        super.restore((int) Math.floor(epoch));
    }

    /** Restores integer epoch {@code lastStep} (its {@code Tcur} and {@code Ti} recomputed exactly). */
    @Override
    public void restore(int lastStep) {
        long[] position = position(Math.max(lastStep, 0));
        tCur = position[0];
        tI = position[1];
        super.restore(lastStep);
    }

    @Override
    protected void apply(int step) {
        double[] base = baseLrs();
        var groups = optimizer.paramGroups();
        for (int i = 0; i < base.length; i++) {
            groups.get(i).setLr(lrAt(tCur, tI, base[i]));
        }
    }

    /** Epochs since the last restart (PyTorch's {@code T_cur}). */
    public double tCur() {
        return tCur;
    }

    /** The length of the current period (PyTorch's {@code T_i}). */
    public double tI() {
        return tI;
    }
}
