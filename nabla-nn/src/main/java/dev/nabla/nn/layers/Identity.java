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

    /** The options of an Identity: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Identity() {
    }

    /** The layer described by {@code config}. */
    public Identity(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
