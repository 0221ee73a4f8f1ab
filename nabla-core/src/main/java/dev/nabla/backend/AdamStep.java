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

    /** {@code 1 - beta1^t}. */
    public double biasCorrection1() {
        return 1 - Math.pow(beta1, t);
    }

    /** {@code 1 - beta2^t}. */
    public double biasCorrection2() {
        return 1 - Math.pow(beta2, t);
    }
}
