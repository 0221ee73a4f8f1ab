package dev.nabla.optim.schedule;

import java.util.List;

/**
 * A linear warm-up followed by another schedule: the {@link SequentialLR} of
 * {@code lr_t = base * (s + (1 - s) * t / W)} for {@code t < W} (PyTorch's {@code LinearLR}, here
 * also with {@code s = 0}) and {@code after}, whose own step count starts at the end of the warm-up.
 *
 * <pre>{@code
 * var sched = new LinearWarmup(new CosineAnnealingLR(opt, 90), 10, 0.01);
 * }</pre>
 * Step only this scheduler, not {@code after}.
 */
public class LinearWarmup extends SequentialLR {

    /**
     * @param after       the schedule that follows (built on the same optimizer, not stepped itself)
     * @param warmupSteps {@code W}, the length of the warm-up
     * @param startFactor {@code s}, the fraction of the base rate at step 0
     */
    public LinearWarmup(LRScheduler after, int warmupSteps, double startFactor) {
        super(after.optimizer, List.of(warmup(after, warmupSteps, startFactor), after), new int[] {warmupSteps});
    }

    private static LRScheduler warmup(LRScheduler after, int warmupSteps, double startFactor) {
        if (warmupSteps < 0 || !(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: warmupSteps must be >= 0 and startFactor in [0, 1]");
        }
        return new LambdaLR(after.optimizer,
                t -> t >= warmupSteps ? 1 : startFactor + (1 - startFactor) * t / warmupSteps);
    }
}
