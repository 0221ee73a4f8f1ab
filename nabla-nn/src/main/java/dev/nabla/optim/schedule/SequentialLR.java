package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.Arrays;
import java.util.List;

/**
 * Schedules run one after another, as PyTorch's {@code SequentialLR}: schedule {@code i} runs
 * from milestone {@code i - 1} (0 for the first) with its own step count restarted there, so for
 * {@code m_{i-1} <= t < m_i}, {@code lr_t = schedules[i].lrAt(t - m_{i-1}, base)}. Every schedule
 * takes the groups' initial rates as its base. Step only this scheduler, not its phases.
 *
 * <pre>{@code
 * var warmup = new LinearLR(opt, 0.1, 1, 5);
 * var decay = new ExponentialLR(opt, 0.9);
 * var sched = new SequentialLR(opt, List.of(warmup, decay), new int[] {5});
 * }</pre>
 */
public class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedules;
    private final int[] milestones;

    /**
     * @param schedules  the phases, built on {@code optimizer}
     * @param milestones the steps at which each phase after the first starts, non-decreasing
     *                   (one fewer than the phases)
     */
    public SequentialLR(Optimizer optimizer, List<? extends LRScheduler> schedules, int[] milestones) {
        super(optimizer);
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("SequentialLR: expected at least one schedule");
        }
        if (milestones.length != schedules.size() - 1) {
            throw new IllegalArgumentException("SequentialLR: expected one milestone fewer than the "
                    + schedules.size() + " schedules, got " + milestones.length);
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < (i == 0 ? 0 : milestones[i - 1])) {
                throw new IllegalArgumentException("SequentialLR: milestones must be non-negative and non-decreasing, got "
                        + Arrays.toString(milestones));
            }
        }
        for (LRScheduler s : schedules) {
            if (s.optimizer != optimizer) {
                throw new IllegalArgumentException("SequentialLR: every schedule must be built on the same optimizer");
            }
        }
        this.schedules = List.copyOf(schedules);
        this.milestones = milestones.clone();
        init();
    }

    /** The phase running at {@code step} (the last one whose milestone is {@code <= step}). */
    private int phase(int step) {
        int i = 0;
        while (i < milestones.length && milestones[i] <= step) {
            i++;
        }
        return i;
    }

    private int start(int phase) {
        return phase == 0 ? 0 : milestones[phase - 1];
    }

    @Override
    public double lrAt(int step, double baseLr) {
        int i = phase(step);
        return schedules.get(i).lrAt(step - start(i), baseLr);
    }

    /** Moves the running phase to its own step count, which sets the rates (and any momentum it cycles). */
    @Override
    protected void apply(int step) {
        int i = phase(step);
        schedules.get(i).restore(step - start(i));
    }
}
