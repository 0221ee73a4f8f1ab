package dev.nabla.loss;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * The base of loss modules ({@code MSELoss}, {@code CrossEntropyLoss}, ...): a module whose
 * {@link #forward(Tensor, Tensor)} takes a prediction and a target and returns the loss,
 * reduced as configured ({@link Reduction#MEAN} by default). Class weights are buffers, so they
 * appear in the state dict as in PyTorch.
 */
public abstract class Loss extends Module {
    protected final Reduction reduction;

    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The configured reduction. */
    public Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} (prediction) against {@code target}; see the subclass for shapes. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** A loss needs a target: always throws; call {@link #forward(Tensor, Tensor)}. */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " takes a prediction and a target: call forward(input, target)");
    }

    @Override
    protected String extraRepr() {
        return reduction == Reduction.MEAN ? "" : "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT);
    }
}
