package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Hyperbolic tangent {@code y = tanh(x)}, as {@code torch.nn.Tanh}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Tanh extends Module {

    /** The options of a Tanh: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Tanh() {
    }

    /** The layer described by {@code config}. */
    public Tanh(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
