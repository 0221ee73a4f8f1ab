package dev.nabla.backend;

/**
 * The hyper-parameters of one Adam/AdamW update ({@link Backend#adamStep}), with the step number
 * {@code t} (1 for the first update) that the bias corrections use.
 *
 * @param decoupled AdamW's decoupled weight decay ({@code p *= 1 - lr * weightDecay} first)
 *                  rather than Adam's L2 penalty ({@code g += weightDecay * p})
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                       long t) {
    /**
     * The bias corrections last computed: one optimizer step updates every parameter with the
     * same betas and {@code t}, and two {@code Math.pow} per parameter took 0.7 of the 1.8 µs of
     * a housing MLP's six updates.
     */
    private static volatile Corrections last;

    /** {@code 1 - beta1^t}. */
    public double biasCorrection1() {
        return corrections().bc1;
    }

    /** {@code 1 - beta2^t}. */
    public double biasCorrection2() {
        return corrections().bc2;
    }

    private Corrections corrections() {
        Corrections c = last;
        if (c == null || c.t != t || c.beta1 != beta1 || c.beta2 != beta2) {
            c = new Corrections(beta1, beta2, t, 1 - Math.pow(beta1, t), 1 - Math.pow(beta2, t));
            last = c;
        }
        return c;
    }

    private record Corrections(double beta1, double beta2, long t, double bc1, double bc2) {
    }
}
