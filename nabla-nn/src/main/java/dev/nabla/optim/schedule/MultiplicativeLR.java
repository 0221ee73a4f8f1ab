package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Multiplies the rate by a user-defined factor at every step, as PyTorch's
 * {@code MultiplicativeLR}: {@code lr_t = base * factor(1) * ... * factor(t)}; one function for
 * all groups, or one per group.
 *
 * <pre>{@code
 * var sched = new MultiplicativeLR(opt, epoch -> 0.95);
 * }</pre>
 */
public class MultiplicativeLR extends FunctionSchedule {
    /** Per group, the last step whose product is cached, and that product. */
    private final int[] cachedStep;
    private final double[] cachedProduct;

    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction factor) {
        this(optimizer, List.of(factor));
    }

    /** One factor per parameter group, in order (or one for all). */
    public MultiplicativeLR(Optimizer optimizer, List<? extends IntToDoubleFunction> factors) {
        super("MultiplicativeLR", optimizer, factors);
        this.cachedStep = new int[groups()];
        this.cachedProduct = new double[groups()];
        Arrays.fill(cachedProduct, 1);
        init();
    }

    /** The product of factors 1 to {@code step}, extended from the last one computed when stepping forward. */
    @Override
    protected double lrAt(int step, int group, double baseLr) {
        int from = cachedStep[group];
        double product = cachedProduct[group];
        if (step < from) {
            from = 0;
            product = 1;
        }
        IntToDoubleFunction factor = function(group);
        for (int t = from + 1; t <= step; t++) {
            product *= factor.applyAsDouble(t);
        }
        cachedStep[group] = step;
        cachedProduct[group] = product;
        return baseLr * product;
    }
}
