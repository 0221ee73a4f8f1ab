package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * The base of schedules driven by user functions of the step ({@link LambdaLR},
 * {@link MultiplicativeLR}): one function for all parameter groups, or one per group (as
 * PyTorch's {@code lr_lambda} lists).
 */
public abstract class FunctionSchedule extends LRScheduler {
    private final List<IntToDoubleFunction> functions;

    /** Takes {@code functions}: one, or one per group of {@code optimizer}; a subclass then calls {@link #init()}. */
    protected FunctionSchedule(String schedule, Optimizer optimizer, List<? extends IntToDoubleFunction> functions) {
        super(optimizer);
        int groups = optimizer.paramGroups().size();
        if (functions.size() != 1 && functions.size() != groups) {
            throw new IllegalArgumentException(schedule + ": expected 1 or " + groups + " functions (one per group), got "
                    + functions.size());
        }
        List<IntToDoubleFunction> all = new ArrayList<>(groups);
        for (int i = 0; i < groups; i++) {
            all.add(Objects.requireNonNull(functions.get(functions.size() == 1 ? 0 : i), schedule + ": null function"));
        }
        this.functions = List.copyOf(all);
    }

    /** The function of group {@code group}. */
    protected IntToDoubleFunction function(int group) {
        return functions.get(group);
    }

    /** The number of parameter groups. */
    protected int groups() {
        return functions.size();
    }

    /** The rate given by the first group's function. */
    @Override
    public double lrAt(int step, double baseLr) {
        return lrAt(step, 0, baseLr);
    }

    /** The rate of group {@code group}, from its own function. */
    @Override
    protected abstract double lrAt(int step, int group, double baseLr);
}
