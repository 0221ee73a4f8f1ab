package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Returns its input unchanged, as {@code torch.nn.Identity} (a placeholder, e.g. to remove a
 * layer).
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Identity extends Module {

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
