package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;

/**
 * The 1cycle policy (Smith and Topin 2018), as PyTorch's {@code OneCycleLR} with cosine
 * annealing, stepped once per batch for {@code totalSteps} steps. With
 * {@code initial = maxLr / divFactor}, {@code min = initial / finalDivFactor},
 * {@code e1 = pctStart * totalSteps - 1} and {@code e2 = totalSteps - 1}:
 *
 * <pre>
 * t <= e1:  lr = cos(initial -> maxLr, t / e1)
 * t >  e1:  lr = cos(maxLr -> min, (t - e1) / (e2 - e1))
 * cos(a -> b, x) = b + (a - b) * (1 + cos(pi x)) / 2
 * </pre>
 *
 * With {@code cycleMomentum} the momentum ({@code beta1} for Adam) goes the opposite way, from
 * {@code maxMomentum} down to {@code baseMomentum} and back. Defaults: pctStart 0.3, divFactor 25,
 * finalDivFactor 1e4, momentum 0.85 to 0.95. The groups' base rates are not used.
 */
public class OneCycleLR extends LRScheduler {
    private final double maxLr;
    private final int totalSteps;
    private final double initialLr;
    private final double minLr;
    private final double endPhase1;
    private final boolean cycleMomentum;
    private final double baseMomentum;
    private final double maxMomentum;

    /** With PyTorch's defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, 25, 1e4, true, 0.85, 0.95);
    }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, double divFactor,
            double finalDivFactor, boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        super(optimizer);
        if (totalSteps < 1 || !(pctStart >= 0 && pctStart < 1)) {
            throw new IllegalArgumentException("OneCycleLR: totalSteps must be >= 1 and pctStart in [0, 1), got "
                    + totalSteps + " and " + pctStart);
        }
        if (pctStart * totalSteps == 1) {
            throw new IllegalArgumentException("OneCycleLR: pctStart * totalSteps = 1 leaves the warm-up phase no "
                    + "length (PyTorch divides by zero); change pctStart or totalSteps");
        }
        this.maxLr = maxLr;
        this.totalSteps = totalSteps;
        this.initialLr = maxLr / divFactor;
        this.minLr = initialLr / finalDivFactor;
        this.endPhase1 = pctStart * totalSteps - 1;
        this.cycleMomentum = cycleMomentum;
        this.baseMomentum = baseMomentum;
        this.maxMomentum = maxMomentum;
        if (cycleMomentum && optimizer.paramGroups().stream().anyMatch(g -> momentumKey(g) == null)) {
            throw new IllegalArgumentException("OneCycleLR: the optimizer has no momentum or beta1 to cycle");
        }
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return phase(step, initialLr, maxLr, minLr);
    }

    /** The momentum at {@code step} (when cycling). */
    public double momentumAt(int step) {
        return phase(step, maxMomentum, baseMomentum, maxMomentum);
    }

    private double phase(int step, double start, double peak, double end) {
        if (step > totalSteps) {
            throw new IllegalStateException("OneCycleLR: stepped " + step + " times, more than totalSteps = " + totalSteps);
        }
        if (step <= endPhase1) {
            return cos(start, peak, step / endPhase1);
        }
        return cos(peak, end, (step - endPhase1) / (totalSteps - 1 - endPhase1));
    }

    private static double cos(double from, double to, double pct) {
        return to + (from - to) * (1 + Math.cos(Math.PI * pct)) / 2;
    }

    @Override
    protected void apply(int step) {
        super.apply(step);
        if (cycleMomentum) {
            for (ParamGroup g : optimizer.paramGroups()) {
                g.set(momentumKey(g), momentumAt(step));
            }
        }
    }
}
