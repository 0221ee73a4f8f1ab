package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Hyperbolic tangent {@code y = tanh(x)}, as {@code torch.nn.Tanh}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Tanh extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
