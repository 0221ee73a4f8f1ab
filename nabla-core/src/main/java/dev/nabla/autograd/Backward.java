package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * The derivative rule of one recorded op: given the gradient of the loss with respect to the
 * op's output, returns the gradients with respect to each of its inputs (in the order they were
 * recorded; {@code null} where an input needs none). Runs with gradient recording off.
 *
 * <p>A rule must not keep the gradients it returns: the engine hands a returned gradient that
 * shares its storage with nothing it can see (the incoming gradient, the inputs, the other
 * results) to a leaf as its {@code grad()} without copying it, as PyTorch does with an
 * unshared gradient. Nor may it keep, past the backward pass, any tensor it makes: the arrays
 * allocated during a pass go back to the thread's {@link dev.nabla.backend.ArrayPool} when it
 * ends, except those behind the gradients it leaves in {@code grad()} or returns.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
