package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * The derivative rule of one recorded op: given the gradient of the loss with respect to the
 * op's output, returns the gradients with respect to each of its inputs (in the order they were
 * recorded; {@code null} where an input needs none). Runs with gradient recording off.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
