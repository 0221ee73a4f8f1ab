package dev.nabla.loss;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * The connectionist temporal classification loss, as {@code torch.nn.CTCLoss}: the negative
 * log-likelihood of a label sequence summed over every alignment of it (with blanks and repeats)
 * to the input steps. Formulas, shapes and the gradient: {@link Ctc}. Defaults: blank 0,
 * reduction MEAN (each loss divided by its target length, then averaged), zeroInfinity false.
 *
 * <pre>{@code
 * Tensor logProbs = logits.logSoftmax(2);                      // [T, N, C]
 * Tensor loss = new CTCLoss().forward(logProbs, targets, inputLengths, targetLengths);
 * }</pre>
 */
public class CTCLoss extends Module {
    private final int blank;
    private final Reduction reduction;
    private final boolean zeroInfinity;

    public CTCLoss() { this(0, Reduction.MEAN, false); }

    public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
        if (blank < 0) {
            throw new IllegalArgumentException("CTCLoss: blank must be >= 0, got " + blank);
        }
        this.blank = blank;
        this.reduction = reduction;
        this.zeroInfinity = zeroInfinity;
    }

    /** The loss of {@code logProbs} {@code [T, N, C]} against {@code targets} with the given lengths. */
    public Tensor forward(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /** As above, with the lengths as INT64 tensors {@code [N]}. */
    public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /** CTC needs targets and lengths: always throws. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("CTCLoss takes log-probabilities, targets, input lengths and target "
                + "lengths: call forward(logProbs, targets, inputLengths, targetLengths)");
    }

    @Override
    protected String extraRepr() {
        return "blank=" + blank + (reduction == Reduction.MEAN ? "" : ", reduction="
                + reduction.name().toLowerCase(java.util.Locale.ROOT)) + (zeroInfinity ? ", zero_infinity=True" : "");
    }
}
