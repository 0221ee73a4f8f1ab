package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * A tensor that is a trainable weight of a {@link Module}, as {@code torch.nn.Parameter}.
 *
 * <p>A parameter is a leaf tensor that shares the storage of the tensor it was made from and
 * requires grad by default. Registering one on a module ({@link Module#registerParameter}) makes
 * it appear in {@link Module#parameters()} and {@link Module#stateDict()}. Freeze it with
 * {@code requiresGrad(false)} (or {@link Module#freeze()}); optimizers skip parameters without a
 * gradient.
 */
public class Parameter extends Tensor {

    /** A parameter over the data of {@code data} (detached; no copy) that requires grad. */
    public Parameter(Tensor data) {
        this(data, true);
    }

    /** A parameter over the data of {@code data}; {@code requiresGrad} false makes it frozen. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.data(), data.backend());
        if (!data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Parameter: only floating-point tensors can be parameters, not "
                    + data.dtype().shortName());
        }
        requiresGrad(requiresGrad);
    }

    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
