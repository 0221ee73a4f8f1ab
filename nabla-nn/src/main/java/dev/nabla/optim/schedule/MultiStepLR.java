package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import java.util.Arrays;

/**
 * Decays the rate by {@code gamma} at each milestone: {@code lr_t = base * gamma^k}, {@code k} the
 * number of milestones {@code <= t}.
 */
public class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        int k = 0;
        for (int m : milestones) {
            if (m <= step) {
                k++;
            }
        }
        return baseLr * Math.pow(gamma, k);
    }
}
