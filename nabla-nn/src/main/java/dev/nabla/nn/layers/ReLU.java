package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Rectified linear unit {@code y = max(x, 0)}, as {@code torch.nn.ReLU}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class ReLU extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
