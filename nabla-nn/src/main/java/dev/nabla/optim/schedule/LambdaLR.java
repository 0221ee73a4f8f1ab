package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A user-defined factor: {@code lr_t = base * factor(t)}, as PyTorch's {@code LambdaLR}; one
 * function for all groups, or one per group.
 */
public class LambdaLR extends FunctionSchedule {

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        this(optimizer, List.of(factor));
    }

    /** One factor per parameter group, in order (or one for all). */
    public LambdaLR(Optimizer optimizer, List<? extends IntToDoubleFunction> factors) {
        super("LambdaLR", optimizer, factors);
        init();
    }

    @Override
    protected double lrAt(int step, int group, double baseLr) {
        return baseLr * function(group).applyAsDouble(step);
    }
}
