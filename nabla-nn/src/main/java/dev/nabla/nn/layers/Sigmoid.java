package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Logistic sigmoid {@code y = 1 / (1 + exp(-x))}, as {@code torch.nn.Sigmoid}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
