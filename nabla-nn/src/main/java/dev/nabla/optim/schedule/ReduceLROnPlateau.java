package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.tensor.Stateful;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lowers the rate when a metric stops improving, as PyTorch's {@code ReduceLROnPlateau}: after
 * more than {@code patience} steps without improvement, every group's rate becomes
 * {@code max(lr * factor, minLr)} (changes smaller than {@code eps} are skipped), then {@code cooldown}
 * steps pass before counting again. Improvement (mode MIN, relative threshold):
 * {@code metric < best * (1 - threshold)}; absolute: {@code metric < best - threshold}; MAX
 * mirrors these. Defaults: MIN, factor 0.1, patience 10, threshold 1e-4 relative, cooldown 0,
 * minLr 0, eps 1e-8. Call {@link #step(double)} with the metric, typically once per epoch.
 */
public class ReduceLROnPlateau implements Stateful<Map<String, Object>> {
    /** Whether lower or higher metric values are better. */
    public enum Mode { MIN, MAX }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int badSteps;
    private int cooldownLeft;

    /** With the defaults. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, true, 0, 0);
    }

    /** @param relative true for PyTorch's {@code threshold_mode="rel"}, false for {@code "abs"} */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
            boolean relative, int cooldown, double minLr) {
        this(optimizer, mode, factor, patience, threshold, relative, cooldown, minLr, 1e-8);
    }

    /**
     * @param relative true for PyTorch's {@code threshold_mode="rel"}, false for {@code "abs"}
     * @param eps      the smallest change of a rate that is applied
     */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
            boolean relative, int cooldown, double minLr, double eps) {
        if (!(factor < 1 && factor >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0 || !(minLr >= 0) || !(eps >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown, minLr and eps must be >= 0, got "
                    + patience + ", " + cooldown + ", " + minLr + ", " + eps);
        }
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Records {@code metric} for this step and lowers the rates if it has plateaued. */
    public void step(double metric) {
        if (isBetter(metric)) {
            best = metric;
            badSteps = 0;
        } else {
            badSteps++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badSteps = 0;
        }
        if (badSteps > patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double lr = Math.max(g.lr() * factor, minLr);
                if (g.lr() - lr > eps) {
                    g.setLr(lr);
                }
            }
            cooldownLeft = cooldown;
            badSteps = 0;
        }
    }

    private boolean isBetter(double a) {
        if (mode == Mode.MIN) {
            return relative ? a < best * (1 - threshold) : a < best - threshold;
        }
        return relative ? a > best * (1 + threshold) : a > best + threshold;
    }

    /** The best metric seen so far. */
    public double best() {
        return best;
    }

    /** Steps without improvement counted since the last reduction (for checkpoints). */
    public int badSteps() {
        return badSteps;
    }

    /** Steps of cooldown still to pass (for checkpoints). */
    public int cooldownLeft() {
        return cooldownLeft;
    }

    /**
     * Restores the counters saved from {@link #best()}, {@link #badSteps()} and
     * {@link #cooldownLeft()}, e.g. when training resumes from a checkpoint (the learning rates
     * themselves are part of the optimizer's state).
     */
    public void restore(double best, int badSteps, int cooldownLeft) {
        if (Double.isNaN(best) || badSteps < 0 || cooldownLeft < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: cannot restore best " + best + ", badSteps "
                    + badSteps + ", cooldownLeft " + cooldownLeft);
        }
        this.best = best;
        this.badSteps = badSteps;
        this.cooldownLeft = cooldownLeft;
    }

    /**
     * The checkpoint state {@code {"best": b, "bad_steps": n, "cooldown_left": m}}, {@code best}
     * being {@code "inf"} or {@code "-inf"} before the first step (JSON has no infinities). The
     * learning rates themselves are part of the optimizer's state.
     */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("best", Double.isInfinite(best) ? (best > 0 ? "inf" : "-inf") : (Object) best);
        m.put("bad_steps", (long) badSteps);
        m.put("cooldown_left", (long) cooldownLeft);
        return m;
    }

    /** Restores a {@link #stateDict()}; see {@link #restore}. */
    @Override
    public void loadStateDict(Map<String, Object> state) {
        Object b = state.get("best");
        double best = "inf".equals(b) ? Double.POSITIVE_INFINITY : "-inf".equals(b) ? Double.NEGATIVE_INFINITY
                : b instanceof Number n ? n.doubleValue() : Double.NaN;
        restore(best, StateMaps.count(state, "bad_steps"), StateMaps.count(state, "cooldown_left"));
    }

    /** The groups' current learning rates. */
    public double[] lastLr() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }
}
