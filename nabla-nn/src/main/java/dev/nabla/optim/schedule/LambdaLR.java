package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.function.IntToDoubleFunction;

/** A user-defined factor: {@code lr_t = base * factor(t)}, as PyTorch's {@code LambdaLR}. */
public class LambdaLR extends LRScheduler {
    private final IntToDoubleFunction factor;

    public LambdaLR(Optimizer optimizer, IntToDoubleFunction factor) {
        super(optimizer);
        this.factor = factor;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return baseLr * factor.applyAsDouble(step);
    }
}
