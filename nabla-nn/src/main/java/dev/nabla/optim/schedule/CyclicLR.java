package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;

/**
 * Cyclical learning rates (Smith 2017), as PyTorch's {@code CyclicLR}, stepped once per batch:
 * the rate goes from {@code baseLr} up to {@code maxLr} in {@code stepSizeUp} steps and back
 * down in {@code stepSizeDown} steps. With {@code total = up + down}, {@code ratio = up / total}:
 *
 * <pre>
 * cycle = floor(1 + t / total) ;  x = 1 + t / total - cycle
 * s = x <= ratio ? x / ratio : (x - 1) / (ratio - 1)
 * lr = baseLr + (maxLr - baseLr) * s * scale
 * scale = 1 (TRIANGULAR), 1 / 2^(cycle - 1) (TRIANGULAR2), gamma^t (EXP_RANGE)
 * </pre>
 *
 * <p>Momentum: as PyTorch with {@code cycle_momentum=True}, the momentum ({@code beta1} for the
 * Adam family) goes the opposite way, {@code maxMomentum - (maxMomentum - baseMomentum) * s * scale},
 * when the optimizer has a {@code momentum} or {@code beta1} option (SGD has one even with
 * momentum 0, as in PyTorch); for optimizers without one (Adagrad, Adadelta, ...) the short
 * constructor leaves momentum alone where PyTorch would raise, and asking for it explicitly is
 * an error. Defaults: stepSizeDown = stepSizeUp, gamma 1, momentum 0.8 to 0.9. The groups' own
 * rates are replaced by {@code baseLr}.
 */
public class CyclicLR extends LRScheduler {
    /** The scaling of the amplitude: PyTorch's {@code mode}. */
    public enum Mode { TRIANGULAR, TRIANGULAR2, EXP_RANGE }

    private final double baseLr;
    private final double maxLr;
    private final double totalSize;
    private final double stepRatio;
    private final Mode mode;
    private final double gamma;
    private final boolean cycleMomentum;
    private final double baseMomentum;
    private final double maxMomentum;

    /** Triangular cycles of {@code 2 * stepSizeUp} steps, cycling momentum if the optimizer has one. */
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, int stepSizeUp) {
        this(optimizer, baseLr, maxLr, stepSizeUp, stepSizeUp, Mode.TRIANGULAR, 1, hasMomentum(optimizer), 0.8, 0.9);
    }

    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, int stepSizeUp, int stepSizeDown, Mode mode,
            double gamma, boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        super(optimizer);
        if (stepSizeUp <= 0 || stepSizeDown <= 0 || !(baseLr >= 0) || !(maxLr >= 0)) {
            throw new IllegalArgumentException("CyclicLR: step sizes must be positive and rates >= 0, got up "
                    + stepSizeUp + ", down " + stepSizeDown + ", rates " + baseLr + ", " + maxLr);
        }
        if (cycleMomentum && !hasMomentum(optimizer)) {
            throw new IllegalArgumentException("CyclicLR: optimizer " + optimizer.getClass().getSimpleName()
                    + " has no momentum or beta1 to cycle; pass cycleMomentum = false");
        }
        this.baseLr = baseLr;
        this.maxLr = maxLr;
        this.totalSize = (double) stepSizeUp + stepSizeDown;
        this.stepRatio = stepSizeUp / totalSize;
        this.mode = mode;
        this.gamma = gamma;
        this.cycleMomentum = cycleMomentum;
        this.baseMomentum = baseMomentum;
        this.maxMomentum = maxMomentum;
        init();
    }

    /** Whether every group has a {@code momentum} or {@code beta1} option. */
    public static boolean hasMomentum(Optimizer optimizer) {
        return optimizer.paramGroups().stream().allMatch(g -> momentumKey(g) != null);
    }

    @Override
    public double lrAt(int step, double groupBaseLr) {
        return baseLr + (maxLr - baseLr) * height(step);
    }

    /** The momentum at {@code step} (when cycling). */
    public double momentumAt(int step) {
        return maxMomentum - (maxMomentum - baseMomentum) * height(step);
    }

    /** The scaled position {@code s * scale} in [0, 1] of the class comment. */
    private double height(int step) {
        double cycle = Math.floor(1 + step / totalSize);
        double x = 1 + step / totalSize - cycle;
        double s = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double scale = switch (mode) {
            case TRIANGULAR -> 1;
            case TRIANGULAR2 -> 1 / Math.pow(2, cycle - 1);
            case EXP_RANGE -> Math.pow(gamma, step);
        };
        return s * scale;
    }

    @Override
    protected void apply(int step) {
        super.apply(step);
        if (cycleMomentum) {
            for (ParamGroup g : optimizer.paramGroups()) {
                g.set(momentumKey(g), momentumAt(step));
            }
        }
    }
}
