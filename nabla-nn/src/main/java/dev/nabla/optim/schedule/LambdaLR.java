package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A user-defined factor: {@code lr_t = base * factor(t)}, as PyTorch's {@code LambdaLR}; one
 * function for all groups, or one per group.
 */
public class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> factors;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        this(optimizer, List.of(factor));
    }

    /** One factor per parameter group, in order (or one for all). */
    public LambdaLR(Optimizer optimizer, List<? extends IntToDoubleFunction> factors) {
        super(optimizer);
        this.factors = perGroup("LambdaLR", optimizer, factors);
        init();
    }

    /** The rate of the first group's function. */
    @Override
    public double lrAt(int step, double baseLr) {
        return lrAt(step, 0, baseLr);
    }

    @Override
    protected double lrAt(int step, int group, double baseLr) {
        return baseLr * factors.get(group).applyAsDouble(step);
    }
}
