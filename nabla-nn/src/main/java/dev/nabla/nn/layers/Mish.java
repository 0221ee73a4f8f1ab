package dev.nabla.nn.layers;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * Mish {@code y = x * tanh(softplus(x))}, as {@code torch.nn.Mish}.
 *
 * <p>Shape: any, output the same shape as the input. No parameters.
 */
public class Mish extends Module {

    /** The options of a Mish: none (PyTorch's {@code inplace} has no meaning here); model files store it. */
    public record Config() {
    }

    public Mish() {
    }

    /** The layer described by {@code config}. */
    public Mish(Config config) {
    }

    /** The options this layer was built with. */
    @Override
    public Config config() {
        return new Config();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.mish();
    }
}
