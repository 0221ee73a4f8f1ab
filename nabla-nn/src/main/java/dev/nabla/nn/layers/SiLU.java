package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * SiLU (swish) {@code y = x * sigmoid(x)}, as {@code torch.nn.SiLU}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class SiLU extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.silu();
    }
}
