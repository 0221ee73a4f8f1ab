package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import java.util.Objects;

/**
 * The 1cycle policy (Smith and Topin 2018), as PyTorch's {@code OneCycleLR}, stepped once per
 * batch for {@code totalSteps} steps. With {@code initial = maxLr / divFactor},
 * {@code min = initial / finalDivFactor}, {@code p = pctStart * totalSteps} and
 * {@code e = totalSteps - 1}, the rate anneals from one value to the next over the phases
 *
 * <pre>
 * two phases (default):  initial -> maxLr until p - 1, maxLr -> min until e
 * three phases:          initial -> maxLr until p - 1, maxLr -> initial until 2p - 2, initial -> min until e
 * cos(a -> b, x)    = b + (a - b) * (1 + cos(pi x)) / 2      (x: the share of the phase passed)
 * linear(a -> b, x) = a + (b - a) * x
 * </pre>
 *
 * With {@code cycleMomentum} the momentum ({@code beta1} for Adam) goes the opposite way, from
 * {@code maxMomentum} down to {@code baseMomentum} and back (and stays at {@code maxMomentum} in a
 * third phase). Defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4, momentum 0.85 to 0.95,
 * cosine, two phases. The groups' base rates are not used.
 */
public class OneCycleLR extends LRScheduler {
    /** How a phase goes from its start value to its end value ({@code anneal_strategy}). */
    public enum Anneal { COS, LINEAR }

    private final int totalSteps;
    private final Anneal anneal;
    private final boolean cycleMomentum;
    /** The step each phase ends at, and the rates and momenta at its ends (start, end). */
    private final double[] ends;
    private final double[][] rates;
    private final double[][] momenta;

    /** With PyTorch's defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, 25, 1e4, true, 0.85, 0.95);
    }

    /** Cosine annealing over two phases. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, double divFactor,
            double finalDivFactor, boolean cycleMomentum, double baseMomentum, double maxMomentum) {
        this(optimizer, maxLr, totalSteps, pctStart, divFactor, finalDivFactor, cycleMomentum, baseMomentum,
                maxMomentum, Anneal.COS, false);
    }

    /** Every option; {@code threePhase} as PyTorch's {@code three_phase}. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, double divFactor,
            double finalDivFactor, boolean cycleMomentum, double baseMomentum, double maxMomentum, Anneal anneal,
            boolean threePhase) {
        super(optimizer);
        if (totalSteps < 1 || !(pctStart >= 0 && pctStart < 1)) {
            throw new IllegalArgumentException("OneCycleLR: totalSteps must be >= 1 and pctStart in [0, 1), got "
                    + totalSteps + " and " + pctStart);
        }
        double initialLr = maxLr / divFactor;
        double minLr = initialLr / finalDivFactor;
        double p = pctStart * totalSteps;
        double last = totalSteps - 1;
        this.totalSteps = totalSteps;
        this.anneal = Objects.requireNonNull(anneal, "anneal");
        this.cycleMomentum = cycleMomentum;
        if (threePhase) {
            ends = new double[] {p - 1, 2 * p - 2, last};
            rates = new double[][] {{initialLr, maxLr}, {maxLr, initialLr}, {initialLr, minLr}};
            momenta = new double[][] {{maxMomentum, baseMomentum}, {baseMomentum, maxMomentum}, {maxMomentum, maxMomentum}};
        } else {
            ends = new double[] {p - 1, last};
            rates = new double[][] {{initialLr, maxLr}, {maxLr, minLr}};
            momenta = new double[][] {{maxMomentum, baseMomentum}, {baseMomentum, maxMomentum}};
        }
        for (int i = 0; i < ends.length; i++) {
            if (ends[i] == (i == 0 ? 0 : ends[i - 1])) {
                throw new IllegalArgumentException("OneCycleLR: pctStart " + pctStart + " and totalSteps " + totalSteps
                        + " leave phase " + (i + 1) + " no length (PyTorch divides by zero); change either");
            }
        }
        if (cycleMomentum && optimizer.paramGroups().stream().anyMatch(g -> momentumKey(g) == null)) {
            throw new IllegalArgumentException("OneCycleLR: the optimizer has no momentum or beta1 to cycle");
        }
        init();
    }

    @Override
    public double lrAt(int step, double baseLr) {
        return phase(step, rates);
    }

    /** The momentum at {@code step} (when cycling). */
    public double momentumAt(int step) {
        return phase(step, momenta);
    }

    private double phase(int step, double[][] values) {
        if (step > totalSteps) {
            throw new IllegalStateException("OneCycleLR: stepped " + step + " times, more than totalSteps = " + totalSteps);
        }
        double start = 0;
        for (int i = 0; ; i++) {
            if (step <= ends[i] || i == ends.length - 1) {
                double x = (step - start) / (ends[i] - start);
                double a = values[i][0];
                double b = values[i][1];
                return anneal == Anneal.LINEAR ? a + (b - a) * x : b + (a - b) * (1 + Math.cos(Math.PI * x)) / 2;
            }
            start = ends[i];
        }
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
