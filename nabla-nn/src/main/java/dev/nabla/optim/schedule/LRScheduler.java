package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.tensor.Stateful;
import java.util.List;
import java.util.Map;

/**
 * The base of learning-rate schedules, as {@code torch.optim.lr_scheduler.LRScheduler}. A
 * schedule is a closed-form function {@link #lrAt(int, double)} of the step count and each
 * group's base (initial) learning rate; constructing it sets step 0's rate, and each
 * {@link #step()} (once per epoch or per batch, as the schedule is meant) advances one step.
 * Schedules do not chain: of two stepped on one optimizer, the later sets the rate (PyTorch
 * multiplies the effects of its chainable ones); run phases one after another with
 * {@link SequentialLR}.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public abstract class LRScheduler implements Stateful<Map<String, Object>> {
    protected final Optimizer optimizer;
    private final double[] baseLrs;
    private int lastStep;

    /**
     * Takes each group's {@link ParamGroup#initialLr() initial rate} (its rate when the first
     * schedule was built on it) as its base rate; a subclass then applies step 0 with {@link #init()}.
     */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        this.baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = groups.get(i).initialLr();
        }
    }

    /** Call at the end of a subclass constructor (after its fields are set). */
    protected final void init() {
        apply(0);
    }

    /** The learning rate at step {@code step} (0 = before the first {@link #step()}) for base rate {@code baseLr}. */
    public abstract double lrAt(int step, double baseLr);

    /**
     * The rate of group {@code group} at step {@code step}: {@link #lrAt(int, double)}, unless the
     * schedule has a function per group.
     */
    protected double lrAt(int step, int group, double baseLr) {
        return lrAt(step, baseLr);
    }

    /** Advances one step and sets each group's learning rate. */
    public void step() {
        lastStep++;
        apply(lastStep);
    }

    /** Sets every group's rate for {@code step}. */
    protected void apply(int step) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < baseLrs.length; i++) {
            groups.get(i).setLr(lrAt(step, i, baseLrs[i]));
        }
    }

    /** The number of {@link #step()} calls so far (PyTorch's {@code last_epoch}). */
    public int lastStep() {
        return lastStep;
    }

    /**
     * Restores the schedule to {@code lastStep} (as saved in a checkpoint from {@link #lastStep()})
     * and sets each group's rate for it.
     */
    public void restore(int lastStep) {
        if (lastStep < 0) {
            throw new IllegalArgumentException("LRScheduler: lastStep must be >= 0, got " + lastStep);
        }
        this.lastStep = lastStep;
        apply(lastStep);
    }

    /** The checkpoint state {@code {"last_step": n}} (the schedule is closed-form in its step count). */
    @Override
    public Map<String, Object> stateDict() {
        return Map.of("last_step", (long) lastStep);
    }

    /** Restores a {@link #stateDict()}; see {@link #restore}. */
    @Override
    public void loadStateDict(Map<String, Object> state) {
        restore(StateMaps.count(state, "last_step"));
    }

    /** The groups' base learning rates. */
    public double[] baseLrs() {
        return baseLrs.clone();
    }

    /** The groups' current learning rates (PyTorch's {@code get_last_lr()}). */
    public double[] lastLr() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    /** The option a schedule cycles as momentum: {@code beta1} (Adam family), {@code momentum}, or null. */
    protected static String momentumKey(ParamGroup g) {
        var options = g.options();
        return options.containsKey("beta1") ? "beta1" : options.containsKey("momentum") ? "momentum" : null;
    }
}
